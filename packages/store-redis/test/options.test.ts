import { describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';

// Creating a store opens no connection (the first call does): no network here.
describe('redisStore', () => {
  it('[DS3] namespaces keys per application and tenant', () => {
    expect(redisStore().prefix).toBe('mcp-oauth:mcp-oauth:~:');
    expect(redisStore({ appName: 'my-app' }).prefix).toBe('mcp-oauth:my-app:~:');
    expect(redisStore({ appName: 'my-app', tenant: 'acme' }).prefix).toBe('mcp-oauth:my-app:acme:');
  });

  it('refuses namespace parts that could run into each other, with a TypeError saying what is allowed', () => {
    for (const appName of ['', 'a:b', 'a b', '~', 'x'.repeat(101), 42]) {
      expect(() => redisStore({ appName: appName as string })).toThrow(
        /appName must be 1 to 100 letters, digits, "\.", "_" or "-"/,
      );
    }
    expect(() => redisStore({ tenant: 'a:b' })).toThrow(/tenant must be/);
  });

  it('checks durations and the url up front', () => {
    for (const option of ['ttlMs', 'commandTimeoutMs', 'lockLeaseMs', 'maxLockPollMs'] as const) {
      expect(() => redisStore({ [option]: 0 })).toThrow(
        `redisStore() ${option} must be a positive number of milliseconds`,
      );
      expect(() => redisStore({ [option]: Number.NaN })).toThrow(TypeError);
    }
    expect(() => redisStore({ url: 6379 as unknown as string })).toThrow(/url must be a string/);
  });

  it('[DS3] checks encryption keys up front: 16 or 32 bytes, or an AES-GCM CryptoKey that encrypts and decrypts', async () => {
    expect(() => redisStore({ encryptionKey: new Uint8Array(24) })).toThrow(
      'redisStore() encryptionKey must be 16 or 32 bytes (AES-128 or AES-256); got 24',
    );
    expect(() => redisStore({ encryptionKey: 'secret' as unknown as Uint8Array })).toThrow(
      /must be an AES-GCM CryptoKey/,
    );
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    expect(() => redisStore({ encryptionKey: hmac })).toThrow(/AES-GCM CryptoKey/);
    const encryptOnly = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
    ]);
    expect(() => redisStore({ encryptionKey: encryptOnly })).toThrow(/encrypt and decrypt usages/);
    expect(() =>
      redisStore({ encryptionKey: new Uint8Array(32), decryptionKeys: [new Uint8Array(8)] }),
    ).toThrow(/decryptionKeys\[\] must be 16 or 32 bytes/);
    expect(redisStore({ encryptionKey: new Uint8Array(16) }).capabilities).toEqual({
      crossProcess: true,
      cachedReads: true,
    });
  });

  it('[H10] refuses a bad key before any I/O, with STORE_ERROR', async () => {
    const store = redisStore();
    await expect(store.get('')).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.set('a\nb', {})).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.withLock('', async () => 1)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await store.close();
  });
});
