import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, type RedisStoreOptions, redisStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
const opened: RedisStore[] = [];

const open = (options: RedisStoreOptions) => {
  const store = redisStore({ url: server.url, ...options });
  opened.push(store);
  return store;
};
const newKey = () => crypto.getRandomValues(new Uint8Array(32));

/** A server record whose secrets are easy to find. */
const RECORD = {
  client: { client_id: 'mcp-client-1', client_secret: 'CLIENTSECRET-5f3a9c' },
  accessToken: 'ACCESSTOKEN-7d41e0b2',
  refreshToken: 'REFRESHTOKEN-c19a88f4',
  expiresAt: 1_900_000_000_000,
  scope: 'mcp:tools',
};
const SECRETS = [RECORD.client.client_secret, RECORD.accessToken, RECORD.refreshToken];

/** Every key name and every value in the server, as text. */
async function everything(): Promise<string> {
  const parts: string[] = [];
  for await (const keys of raw.scanIterator({ COUNT: 100 })) {
    for (const key of keys) {
      parts.push(key);
      const type = await raw.type(key);
      if (type === 'hash') parts.push(JSON.stringify(await raw.hGetAll(key)));
      else if (type === 'set') parts.push(JSON.stringify(await raw.sMembers(key)));
      else if (type === 'string') parts.push(String(await raw.get(key)));
      else parts.push(`<${type}>`);
    }
  }
  return parts.join('\n');
}

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  raw.on('error', () => {});
  await raw.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await raw?.close();
  await server?.stop();
});

describe('[DS3] namespaces and encryption at rest', () => {
  it('[DS3] two applications, and two tenants of one, share a server without sharing a record, a key or a lock', async () => {
    const stores = [
      open({ appName: 'app-a' }),
      open({ appName: 'app-b' }),
      open({ appName: 'app-a', tenant: 'acme' }),
      open({ appName: 'app-a', tenant: 'globex' }),
    ];
    for (const [i, store] of stores.entries()) await store.set('server:docs|1', { i });
    for (const [i, store] of stores.entries()) {
      expect(await store.get('server:docs|1', { fresh: true })).toEqual({ i });
      expect(await store.keys()).toEqual(['server:docs|1']);
    }
    expect(new Set(stores.map((s) => s.prefix)).size).toBe(4);
    // One app's lock does not block another's.
    await stores[0]!.withLock('refresh:x', async () => {
      for (const other of stores.slice(1)) {
        expect(await other.withLock('refresh:x', async () => 'free', { timeoutMs: 0 })).toBe(
          'free',
        );
      }
    });
    expect(() => redisStore({ appName: 'a:b' })).toThrow(TypeError);
    expect(() => redisStore({ tenant: '~' })).toThrow(/tenant must be/);
  });

  it('[DS3] without a key the tokens are readable in Redis; with an encryptionKey no key name or value in the server holds one', async () => {
    const plain = open({ appName: 'plain' });
    await plain.set('server:docs|1', RECORD);
    const readable = await everything();
    for (const secret of SECRETS) expect(readable).toContain(secret);
    await raw.flushAll();

    const store = open({ appName: 'sealed', encryptionKey: newKey() });
    await store.set('server:docs|1', RECORD);
    await store.update('server:docs|1', (r) => ({ ...r, scope: 'mcp:tools mcp:admin' }));
    await store.set('client-secret:docs|1', { secret: RECORD.client.client_secret });
    const sealed = await everything();
    expect(sealed).toMatch(/aes-gcm\.v1:/);
    for (const secret of SECRETS) expect(sealed).not.toContain(secret);
    expect(await store.get('server:docs|1', { fresh: true })).toEqual({
      ...RECORD,
      scope: 'mcp:tools mcp:admin',
    });
  });

  it('[DS3] a wrong key is a typed STORE_CORRUPT error that says so, never garbage; update does not overwrite what it cannot read', async () => {
    const right = newKey();
    const writer = open({ appName: 'keys', encryptionKey: right });
    await writer.set('server:docs|1', RECORD);
    const wrong = open({ appName: 'keys', encryptionKey: newKey() });
    const error = await Promise.resolve(wrong.get('server:docs|1', { fresh: true })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_CORRUPT' });
    expect(error.message).toMatch(/does not decrypt with the encryptionKey/);
    await expect(wrong.update('server:docs|1', () => ({ accessToken: 'x' }))).rejects.toMatchObject(
      {
        code: 'STORE_CORRUPT',
      },
    );
    expect(await writer.get('server:docs|1', { fresh: true })).toEqual(RECORD);
    // A store without any key is told the record is encrypted.
    const keyless = open({ appName: 'keys' });
    await expect(keyless.get('server:docs|1', { fresh: true })).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringMatching(/is encrypted: pass the encryptionKey/),
    });
    // An encrypting store does not read a plaintext record someone put there.
    await keyless.set('server:planted|1', { accessToken: 'planted' });
    await expect(writer.get('server:planted|1', { fresh: true })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/not encrypted/),
    });
  });

  it('[DS3] a record copied to another key or namespace does not decrypt: the Redis key is authenticated with it', async () => {
    const key = newKey();
    const a = open({ appName: 'copy', encryptionKey: key });
    const b = open({ appName: 'copy', tenant: 'other', encryptionKey: key });
    await a.set('server:victim|1', RECORD);
    await b.set('server:victim|1', { placeholder: true });
    const [data] = await raw.hmGet(`${a.prefix}r:server:victim|1`, ['d']);
    await raw.hSet(`${a.prefix}r:server:attacker|2`, { d: data!, n: '999' });
    await raw.hSet(`${b.prefix}r:server:victim|1`, 'd', data!);
    await expect(a.get('server:attacker|2', { fresh: true })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
    await expect(b.get('server:victim|1', { fresh: true })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
  });

  it('[DS3] key rotation: records written with an old key are read through decryptionKeys and rewritten with the new key', async () => {
    const [oldKey, newer] = [newKey(), newKey()];
    const before = open({ appName: 'rotate', encryptionKey: oldKey });
    await before.set('server:docs|1', RECORD);
    const rotated = open({ appName: 'rotate', encryptionKey: newer, decryptionKeys: [oldKey] });
    expect(await rotated.get('server:docs|1', { fresh: true })).toEqual(RECORD);
    await rotated.update('server:docs|1', (r) => r);
    const only = open({ appName: 'rotate', encryptionKey: newer });
    expect(await only.get('server:docs|1', { fresh: true })).toEqual(RECORD);
    // A CryptoKey works as well as raw bytes.
    const cryptoKey = await crypto.subtle.importKey('raw', newer, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    const viaCryptoKey = open({ appName: 'rotate', encryptionKey: cryptoKey });
    expect(await viaCryptoKey.get('server:docs|1', { fresh: true })).toEqual(RECORD);
  });
});
