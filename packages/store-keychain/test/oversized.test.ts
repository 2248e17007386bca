import { describe, expect, it } from 'vitest';
import { type KeychainStoreEvent, keychainStore } from '../src/index.js';
import { tempDirs } from './helpers.js';
import { memoryKeychain } from './memory-backend.js';

const fresh = await tempDirs('store-keychain-oversized-');

const MIB = 1024 * 1024;
const KEY = 'server:a|1';
/** Characters `{"k":"server:a|1","v":""}` adds around a string value when stored. */
const ENVELOPE = JSON.stringify({ k: KEY, v: '' }).length;

function setUp() {
  const keychain = memoryKeychain();
  const events: KeychainStoreEvent[] = [];
  const store = keychainStore({
    service: 's',
    lockDir: fresh(),
    backend: keychain.backend,
    onEvent: (e) => events.push(e),
  });
  return { keychain, events, store };
}

/** The account of KEY's head entry in `keychain`. */
const headOf = (keychain: ReturnType<typeof memoryKeychain>) =>
  [...keychain.entries.keys()].find((account) => /^[0-9a-f]{32}$/.test(account))!;

describe('keychainStore and oversized records', () => {
  it('[H11] a head claiming more chunks than an 8 MiB record has is STORE_CORRUPT, set aside without reading its chunks, then missing', async () => {
    const { keychain, events, store } = setUp();
    await store.set(KEY, { accessToken: `eyJ${'x'.repeat(3_000)}` });
    const head = headOf(keychain);
    keychain.entries.set(head, 'mcpo1:c:a:99999:0123456789abcdef');
    const reads = keychain.calls.get;
    await expect(Promise.resolve(store.get(KEY, { fresh: true }))).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('its head claims 99999 chunks, more than a record can be'),
    });
    // The head, read once without the lock and once under it, and once to set it aside.
    expect(keychain.calls.get - reads).toBeLessThan(10);
    expect(events).toEqual([
      { type: 'corrupt_record', key: KEY, quarantineAccount: `${head}:corrupt` },
    ]);
    expect(await store.get(KEY, { fresh: true })).toBeUndefined();
    await expect(store.update(KEY, () => ({ v: 1 }))).resolves.toEqual({ v: 1 });
  });

  it('[H11] an inline head over 8 MiB, written by something else, is STORE_CORRUPT and set aside', async () => {
    const { keychain, events, store } = setUp();
    await store.set(KEY, { accessToken: 'A' });
    const head = headOf(keychain);
    keychain.entries.set(head, `mcpo1:i:${JSON.stringify({ k: KEY, v: 'x'.repeat(8 * MIB) })}`);
    await expect(Promise.resolve(store.get(KEY, { fresh: true }))).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('more than a record can be'),
    });
    expect(events).toHaveLength(1);
    expect(await store.get(KEY, { fresh: true })).toBeUndefined();
  });

  it('[H11] a record of exactly 8 MiB as stored round-trips; one character more is refused with STORE_ERROR before anything is written', async () => {
    const { keychain, store } = setUp();
    const largest = 'x'.repeat(8 * MIB - ENVELOPE);
    await store.set(KEY, largest);
    expect(
      await keychainStore({ service: 's', lockDir: fresh(), backend: keychain.backend }).get(KEY),
    ).toBe(largest);

    const writes = { ...keychain.calls };
    const tooLarge = `${largest}x`;
    for (const write of [() => store.set(KEY, tooLarge), () => store.update(KEY, () => tooLarge)]) {
      await expect(write()).rejects.toMatchObject({
        code: 'STORE_ERROR',
        message: expect.stringContaining(
          `The record for "${KEY}" is ${8 * MIB + 1} characters as stored, more than the ${8 * MIB} a record may be; it was not written.`,
        ),
      });
    }
    await expect(store.set('server:new|2', tooLarge)).rejects.toMatchObject({
      code: 'STORE_ERROR',
    });
    expect(keychain.calls.set).toBe(writes.set);
    expect(keychain.calls.delete).toBe(writes.delete);
    expect(await store.keys()).toEqual([KEY]);
  });
});
