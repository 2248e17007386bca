import { describe, expect, it } from 'vitest';
import { type KeychainStore, keychainStore } from '../src/index.js';
import { manualClock, tempDirs } from './helpers.js';
import { memoryKeychain } from './memory-backend.js';

const fresh = await tempDirs('store-keychain-lost-lock-');

/** A promise and the function that settles it. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type Record = { accessToken?: string };
const KEY = 'server:docs|1';
const LOCK = 'refresh:server:docs|1';

describe('keychainStore under a lost lock', () => {
  it('[H8] set, update and delete under a lock broken as stale refuse with LOCK_UNAVAILABLE and write nothing; the next holder’s value stands', async () => {
    // Two instances on one keychain and lock folder (as two processes), one manual clock.
    const keychain = memoryKeychain();
    const clock = manualClock();
    const lockDir = fresh();
    const open = () => keychainStore({ service: 's', lockDir, backend: keychain.backend, clock });
    const [first, second] = [open(), open()] as [KeychainStore, KeychainStore];
    await first.set(KEY, { accessToken: 'before' });
    const paused = deferred();
    const resumed = deferred();
    const firstDone = first.withLock(LOCK, async () => {
      paused.resolve();
      await resumed.promise;
      const writes = keychain.calls.set + keychain.calls.delete;
      const outcomes = [];
      for (const write of [
        () => first.update<Record>(KEY, (r) => ({ ...r, accessToken: 'A' })),
        () => first.set(KEY, { accessToken: 'A' }),
        () => first.delete(KEY),
        () => first.set('server:new|2', { accessToken: 'A' }),
      ]) {
        outcomes.push(
          await Promise.resolve(write()).catch((error: { code: string; message: string }) => error),
        );
      }
      return { outcomes, wrote: keychain.calls.set + keychain.calls.delete - writes };
    });
    await paused.promise;
    // The first holder is "suspended" past the stale timeout; the second breaks its lock.
    clock.advance(20_000);
    await second.withLock(
      LOCK,
      () => second.update<Record>(KEY, (r) => ({ ...r, accessToken: 'B' })),
      { timeoutMs: 0 },
    );
    resumed.resolve();
    const { outcomes, wrote } = await firstDone;
    expect(outcomes).toHaveLength(4);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        code: 'LOCK_UNAVAILABLE',
        message: expect.stringContaining(`"${LOCK}" was lost while held`),
      });
    }
    expect(wrote).toBe(0);
    expect(await open().get(KEY)).toEqual({ accessToken: 'B' });
    expect(await open().keys()).toEqual([KEY]);
  });
});
