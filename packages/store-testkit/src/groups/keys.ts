import assert from 'node:assert/strict';
import type { Store } from '@mcp-oauth/core';
import type { GroupContext } from '../types.js';

/**
 * Core's `Store` contract: keys of at most 200 characters (UTF-16 code
 * units). Stated here, not imported from the stores' shared check, so the
 * kit holds stores to the contract rather than to their own helper.
 */
const MAX_STORE_KEY_LENGTH = 200;

/** Every operation that takes a key, called with `key`. */
const operations = (store: Store, key: string) => ({
  get: () => store.get(key),
  'get fresh': () => store.get(key, { fresh: true }),
  set: () => store.set(key, { accessToken: 'AT' }),
  update: () => store.update(key, () => ({ accessToken: 'AT' })),
  delete: () => store.delete(key),
});

/** Each operation refuses `key` with a typed `STORE_ERROR`, and nothing is stored. */
async function assertRefused(store: Store, key: string, what: string): Promise<void> {
  for (const [name, call] of Object.entries(operations(store, key))) {
    // An async wrapper: a synchronous store may throw instead of rejecting.
    await assert.rejects(
      async () => call(),
      (error: { code?: unknown; name?: unknown }) => {
        assert.equal(error?.code, 'STORE_ERROR', `${name} of ${what}: expected code STORE_ERROR`);
        assert.equal(error.name, 'StoreError', `${name} of ${what}: expected a StoreError`);
        return true;
      },
      `${name} accepted ${what}`,
    );
  }
  assert.deepEqual(await store.keys(), [], `${what} was stored`);
}

/** Round-trips every key through a fresh store and checks none shares a record with another. */
async function assertDistinct(store: Store, keys: string[]): Promise<void> {
  assert.equal(new Set(keys).size, keys.length, 'the test keys must differ');
  for (const [i, key] of keys.entries()) await store.set(key, { i });
  for (const [i, key] of keys.entries()) {
    assert.deepEqual(
      await store.get(key, { fresh: true }),
      { i },
      `key ${JSON.stringify(key)} read another key's record`,
    );
  }
  assert.deepEqual((await store.keys()).sort(), [...keys].sort());
}

/** Keys are checked the same way by every store (SPEC H10). */
export function keysGroup({ test, createStore }: GroupContext): void {
  test('[H10] keys: a key with a lone surrogate is refused with STORE_ERROR by every operation', async () => {
    const store = await createStore();
    await assertRefused(store, 'server:\uD83D|0123456789abcdef', 'a lone high surrogate');
    await assertRefused(store, 'server:\uDD10|0123456789abcdef', 'a lone low surrogate');
    await assertRefused(store, 'server:a|1\uD83D', 'a trailing high surrogate');
  });

  test(`[H10] keys: a key longer than ${MAX_STORE_KEY_LENGTH} characters is refused with STORE_ERROR`, async () => {
    const store = await createStore();
    await assertRefused(store, 'k'.repeat(MAX_STORE_KEY_LENGTH + 1), 'a too-long key');
    await assertRefused(store, '🔐'.repeat(MAX_STORE_KEY_LENGTH / 2 + 1), 'a too-long emoji key');
  });

  test('[H10] keys: an empty key, or one with a control character, is refused with STORE_ERROR', async () => {
    const store = await createStore();
    await assertRefused(store, '', 'an empty key');
    await assertRefused(store, 'server:a\n|1', 'a key with a newline');
    await assertRefused(store, 'server:a\u0000|1', 'a key with NUL');
  });

  test(`[H10] keys: keys of exactly ${MAX_STORE_KEY_LENGTH} characters in any script work and stay distinct`, async () => {
    const store = await createStore();
    // Longer than a 255-byte file name once encoded: a store must not use keys as names.
    const max = MAX_STORE_KEY_LENGTH;
    await assertDistinct(store, [
      `${'k'.repeat(max - 1)}1`,
      `${'k'.repeat(max - 1)}2`,
      `1${'k'.repeat(max - 1)}`,
      'é'.repeat(max),
      '🔐'.repeat(max / 2),
      `${'日本'.repeat(max / 2 - 1)}🔑`,
    ]);
  });

  test('[H10] keys: two distinct valid keys never collide', async () => {
    const store = await createStore();
    await assertDistinct(store, [
      'server:a|1',
      'server:a|1 ',
      ' server:a|1',
      'server:a_1',
      'server:a.1',
      'server:a/1',
      'server:a-1',
      'server:a+1',
      'server:a%7C1',
      // One high surrogate, two low ones: a store that drops or replaces
      // the second half of a pair merges these.
      'server:🔐|1',
      'server:🔑|1',
      'server:\uFFFD|1',
      'server:?|1',
      // Case folding and normalisation, as macOS and Windows file systems do.
      'server:İ|1',
      'server:i\u0307|1',
      'server:ß|1',
      'server:SS|1',
      'server:ss|1',
      'server:a\u200Db|1',
      'server:ab|1',
    ]);
  });
}
