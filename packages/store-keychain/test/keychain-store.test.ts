import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { describe, expect, it, test } from 'vitest';
import {
  type KeychainStore,
  type KeychainStoreEvent,
  type KeychainStoreOptions,
  keychainStore,
  MAX_ENTRY_CHARS,
} from '../src/index.js';
import { manualClock, tempDirs } from './helpers.js';
import { memoryKeychain, WINDOWS_LIMIT_BYTES } from './memory-backend.js';

const fresh = await tempDirs('store-keychain-');

// [ST5] the whole conformance kit against a keychain with Windows' entry limit
// (the real Secret Service runs it in the integration tests). Reopening builds
// a second store on the same keychain and lock folder, as a restarted app would.
const optionsOf = new WeakMap<KeychainStore, KeychainStoreOptions>();
const open = (options: KeychainStoreOptions) => {
  const store = keychainStore(options);
  optionsOf.set(store, options);
  return store;
};
storeTestSuite(
  test,
  () => open({ service: 'kit', lockDir: fresh(), backend: memoryKeychain().backend }),
  { reopen: (store) => open(optionsOf.get(store)!) },
);

const jwt = (n: number) => `eyJ${'x'.repeat(n)}`;

describe('keychainStore layout', () => {
  it('[ST2] a typical server record is one entry of well under 2 KB, plus the key index', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    await store.set('server:docs|49aaacec754e767e', {
      client: { client_id: 'abc123' },
      accessToken: jwt(600),
      refreshToken: jwt(40),
      expiresAt: 1_700_000_000_000,
      scope: 'read write',
      authorizationServerUrl: 'https://auth.example.com',
    });
    await store.set('server:wiki|0123456789abcdef', { accessToken: 'A' });
    const accounts = [...keychain.entries.keys()].sort();
    expect(accounts).toHaveLength(3);
    expect(accounts).toContain('index');
    for (const value of keychain.entries.values()) expect(value.length).toBeLessThan(1_000);
  });

  it('[ST2] a 32 KB record is split into entries that each stay under 2,560 bytes as UTF-16', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    const record = {
      accessToken: jwt(24 * 1024),
      idToken: jwt(8 * 1024),
      note: 'é🔐日本'.repeat(200),
    };
    await store.set('server:big|1', record);
    expect(await store.get('server:big|1', { fresh: true })).toEqual(record);
    expect(keychain.entries.size).toBeGreaterThan(33);
    for (const value of keychain.entries.values()) {
      expect(value.length).toBeLessThanOrEqual(MAX_ENTRY_CHARS);
      expect(Buffer.byteLength(value, 'utf16le')).toBeLessThanOrEqual(WINDOWS_LIMIT_BYTES);
      // ASCII only: the same size in bytes on every platform's encoding.
      expect(/^[\x20-\x7e]*$/.test(value)).toBe(true);
    }
    // Shrinking it again removes the chunks: no stale token stays in the keychain.
    await store.set('server:big|1', { accessToken: 'small' });
    expect(keychain.entries.size).toBe(2);
    await store.delete('server:big|1');
    expect([...keychain.entries.keys()]).toEqual(['index']);
  });

  it('[ST3] a crash part-way through writing a chunked record leaves the old value readable', async () => {
    const keychain = memoryKeychain();
    const lockDir = fresh();
    const store = keychainStore({ service: 's', lockDir, backend: keychain.backend });
    const old = { accessToken: jwt(5_000), v: 'old' };
    await store.set('server:a|1', old);
    for (const crashAfter of [0, 1, 3, 6]) {
      keychain.crashAfter(crashAfter);
      await expect(
        store.set('server:a|1', { accessToken: jwt(6_000), v: 'new' }),
      ).rejects.toThrow();
      keychain.heal();
      const reader = keychainStore({ service: 's', lockDir, backend: keychain.backend });
      expect(await reader.get('server:a|1')).toEqual(old);
    }
    await store.set('server:a|1', { v: 'newer' });
    expect(
      await keychainStore({ service: 's', lockDir, backend: keychain.backend }).get('server:a|1'),
    ).toEqual({ v: 'newer' });
  });

  it('[ST3] a record with a missing chunk is STORE_CORRUPT, moved aside, then missing', async () => {
    const keychain = memoryKeychain();
    const events: KeychainStoreEvent[] = [];
    const store = keychainStore({
      service: 's',
      lockDir: fresh(),
      backend: keychain.backend,
      onEvent: (e) => events.push(e),
    });
    await store.set('server:a|1', { accessToken: jwt(3_000) });
    const chunk = [...keychain.entries.keys()].find((a) => a.endsWith(':a1'))!;
    keychain.entries.delete(chunk);
    const head = chunk.slice(0, 32);
    await expect(Promise.resolve(store.get('server:a|1', { fresh: true }))).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('a chunk is missing'),
    });
    expect(events).toEqual([
      { type: 'corrupt_record', key: 'server:a|1', quarantineAccount: `${head}:corrupt` },
    ]);
    expect(keychain.entries.get(`${head}:corrupt`)).toMatch(/^mcpo1:c:a:/);
    expect(await store.get('server:a|1', { fresh: true })).toBeUndefined();
    await expect(store.update('server:a|1', () => ({ v: 1 }))).resolves.toEqual({ v: 1 });
  });

  it('[ST3] update on a damaged head rejects with STORE_CORRUPT instead of starting from empty', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    await store.set('server:a|1', { accessToken: 'A' });
    const head = [...keychain.entries.keys()].find((a) => a !== 'index')!;
    keychain.entries.set(head, 'garbage');
    let called = false;
    await expect(
      store.update('server:a|1', () => {
        called = true;
        return {};
      }),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(called).toBe(false);
  });

  it('[ST3] a damaged key index is reported by keys() and rebuilt by later writes', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    await store.set('server:a|1', 1);
    keychain.entries.set('index', 'mcpo1:i:{"k":"","v":[');
    await expect(store.keys()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await store.keys()).toEqual([]);
    await store.set('server:b|2', 2);
    expect(await store.keys()).toEqual(['server:b|2']);
  });
});

describe('keychainStore reads', () => {
  it('[T7] cached gets make no keychain call', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    await store.set('server:a|1', { accessToken: 'A' });
    const before = { ...keychain.calls };
    for (let i = 0; i < 1_000; i++) expect(store.get('server:a|1')).toEqual({ accessToken: 'A' });
    expect(keychain.calls).toEqual(before);
  });

  it("[T7] another process's write is seen within ttlMs, this process's at once", async () => {
    const keychain = memoryKeychain();
    const lockDir = fresh();
    const clock = manualClock();
    const reader = keychainStore({ service: 's', lockDir, backend: keychain.backend, clock });
    const writer = keychainStore({ service: 's', lockDir, backend: keychain.backend });
    await writer.set('k', 'old');
    expect(await reader.get('k')).toBe('old');
    await writer.set('k', 'new');
    clock.advance(4_999);
    expect(await reader.get('k')).toBe('old');
    expect(await reader.get('k', { fresh: true })).toBe('new');
    await reader.set('k', 'mine');
    expect(reader.get('k')).toBe('mine');
  });

  it('[ST1] two instances on one keychain and lock folder (two processes) lose no update', async () => {
    const keychain = memoryKeychain();
    const lockDir = fresh();
    const stores = [0, 1].map(() =>
      keychainStore({ service: 's', lockDir, backend: keychain.backend }),
    );
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        stores[i % 2]!.update<number>('n', async (n) => {
          await new Promise((r) => setTimeout(r, 1));
          return (n ?? 0) + 1;
        }),
      ),
    );
    expect(await stores[0]!.get('n', { fresh: true })).toBe(40);
  });
});

describe('keychainStore availability', () => {
  it('[ST4] when the keychain is unavailable every operation rejects with STORE_UNAVAILABLE, and it is probed again later', async () => {
    const keychain = memoryKeychain();
    let up = false;
    const { StoreError } = await import('@mcp-oauth/core');
    const store = keychainStore({
      service: 's',
      lockDir: fresh(),
      backend: {
        ...keychain.backend,
        async probe() {
          if (!up) throw new StoreError('STORE_UNAVAILABLE', 'The OS keychain is unavailable');
        },
      },
    });
    await expect(store.ready()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(Promise.resolve(store.get('k'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await expect(store.set('k', 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.update('k', () => 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.keys()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(keychain.calls).toEqual({ get: 0, set: 0, delete: 0 });
    up = true;
    await store.set('k', 1);
    expect(await store.get('k')).toBe(1);
  });

  it('[ST4] a keychain that stops answering after the probe is probed again on the next call', async () => {
    const keychain = memoryKeychain();
    const { StoreError } = await import('@mcp-oauth/core');
    let probes = 0;
    let hung = false;
    const store = keychainStore({
      service: 's',
      lockDir: fresh(),
      backend: {
        ...keychain.backend,
        async get(account) {
          if (hung) throw new StoreError('STORE_UNAVAILABLE', 'read an entry did not answer');
          return keychain.backend.get(account);
        },
        async probe() {
          probes++;
          if (hung)
            throw new StoreError('STORE_UNAVAILABLE', 'the availability probe did not answer');
        },
      },
    });
    await store.set('k', 1);
    expect(probes).toBe(1);
    hung = true;
    await expect(Promise.resolve(store.get('k', { fresh: true }))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await expect(store.keys()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(probes).toBe(2);
    hung = false;
    expect(await store.get('k', { fresh: true })).toBe(1);
    expect(probes).toBe(3);
  });

  it('[H10] refuses bad keys and lock names with STORE_ERROR before calling the keychain', async () => {
    const keychain = memoryKeychain();
    const store = keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend });
    await expect(store.set('a\uD800', 1)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.update('x'.repeat(201), () => 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
    });
    await expect(Promise.resolve(store.get(''))).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.delete('a\nb')).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.withLock('\uDC00', async () => 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringContaining('"\\udc00"'),
    });
    expect(keychain.calls).toEqual({ get: 0, set: 0, delete: 0 });
  });

  it('[ST1] requires a service name and declares cross-process safety and cached reads', () => {
    expect(() => keychainStore({ service: '' })).toThrow(TypeError);
    const store = keychainStore({
      service: 'x',
      lockDir: fresh(),
      backend: memoryKeychain().backend,
    });
    expect(store.capabilities).toEqual({ crossProcess: true, cachedReads: true });
    expect(store.service).toBe('x');
  });
});
