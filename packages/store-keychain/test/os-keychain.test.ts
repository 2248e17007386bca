import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StoreError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { osKeychain } from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('osKeychain', () => {
  it('[ST6] a keychain whose calls never return is reported as STORE_UNAVAILABLE within 2 s', async () => {
    const keychain = osKeychain({ service: 't', keyringModule: fixture('hanging-keyring.cjs') });
    const started = Date.now();
    const error = await keychain.probe!().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('did not answer within 1500 ms'),
    });
  });

  it('[ST4] a platform without a keychain service is STORE_UNAVAILABLE with its reason, at once', async () => {
    const keychain = osKeychain({ service: 't', keyringModule: fixture('failing-keyring.cjs') });
    const started = Date.now();
    await expect(keychain.probe!()).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/Couldn't access platform storage.*store-file/),
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('[ST4] a keyring library that cannot load is STORE_UNAVAILABLE', async () => {
    const keychain = osKeychain({ service: 't', keyringModule: '/nonexistent/keyring.js' });
    await expect(keychain.probe!()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('[ST4] get, set and delete go through the helper process', async () => {
    const keychain = osKeychain({ service: 't', keyringModule: fixture('memory-keyring.cjs') });
    await keychain.probe!();
    expect(await keychain.get('a')).toBeUndefined();
    await keychain.set('a', 'secret "with" \n newline');
    expect(await keychain.get('a')).toBe('secret "with" \n newline');
    expect(await keychain.delete('a')).toBe(true);
    expect(await keychain.delete('a')).toBe(false);
  });

  it('[ST6] a call that hangs after the probe times out without blocking the event loop, and the helper is replaced', async () => {
    const keychain = osKeychain({
      service: 't',
      keyringModule: fixture('memory-keyring.cjs'),
      callTimeoutMs: 300,
    });
    await keychain.set('a', '1');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = Date.now();
    await expect(keychain.get('hang')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('did not answer within 300 ms'),
    });
    clearInterval(ticker);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThan(5);
    // A fresh helper answers again (its memory keyring starts empty).
    expect(await keychain.get('a')).toBeUndefined();
  });

  it('[ST6] a queue of slow but answering calls is not mistaken for a hang', async () => {
    const keychain = osKeychain({
      service: 'slow',
      keyringModule: fixture('memory-keyring.cjs'),
      callTimeoutMs: 300,
    });
    await keychain.set('slow', 'v');
    // Ten reads of 100 ms each, queued at once: 1 s in all, each within 300 ms of the previous.
    const values = await Promise.all(Array.from({ length: 10 }, () => keychain.get('slow')));
    expect(values).toEqual(Array(10).fill('v'));
  });

  it('[ST6] the helper never keeps the app alive, even when stuck in a call', async () => {
    for (const stuck of ['', 'stuck']) {
      const started = Date.now();
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [fixture('idle-exit.mjs'), fixture('memory-keyring.cjs'), stuck],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
        });
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('the app did not exit'));
        }, 5_000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve(out);
        });
      });
      expect(output).toBe(stuck ? 'secret\nSTORE_UNAVAILABLE\n' : 'secret\n');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });
});
