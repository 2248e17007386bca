import { fileURLToPath } from 'node:url';
import { StoreError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { probeKeychain } from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('probeKeychain', () => {
  it('[ST6] a keychain call that never returns is reported as STORE_UNAVAILABLE within 2 s', async () => {
    const started = Date.now();
    const error = await probeKeychain({
      service: 'probe-test',
      modulePath: fixture('hanging-keyring.cjs'),
    }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('did not answer within 1500 ms'),
    });
    expect(elapsed).toBeLessThan(2_000);
  });

  it('[ST4] a missing keychain service is STORE_UNAVAILABLE with its reason, at once', async () => {
    const started = Date.now();
    await expect(
      probeKeychain({ service: 'probe-test', modulePath: fixture('failing-keyring.cjs') }),
    ).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringMatching(/Couldn't access platform storage.*store-file/),
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('[ST4] a library that cannot load is STORE_UNAVAILABLE too', async () => {
    await expect(
      probeKeychain({ service: 'probe-test', modulePath: '/nonexistent/keyring.js' }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
