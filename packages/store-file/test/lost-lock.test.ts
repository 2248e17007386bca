import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';
import { manualClock, tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-lost-lock-');

/** A promise and the function that settles it. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type Record = { accessToken?: string; n?: number };
const KEY = 'server:docs|1';
const LOCK = 'refresh:server:docs|1';

/**
 * Two instances on one folder (as two processes) with one manual clock: the
 * first takes LOCK and stops; time jumps past the stale timeout (the first
 * was "suspended"); the second breaks the lock and writes. Resolves once the
 * first holder runs again, with `inside` run in its lock.
 */
async function loseLock<T>(inside: (store: ReturnType<typeof fileStore>) => Promise<T>) {
  const dir = fresh();
  const clock = manualClock();
  const first = fileStore({ dir, clock });
  const second = fileStore({ dir, clock });
  await first.set(KEY, { accessToken: 'before', n: 0 });
  const paused = deferred();
  const resumed = deferred();
  const firstDone = first.withLock(LOCK, async () => {
    paused.resolve();
    await resumed.promise;
    return inside(first);
  });
  await paused.promise;
  clock.advance(20_000);
  await second.withLock(
    LOCK,
    () => second.update<Record>(KEY, (r) => ({ ...r, accessToken: 'B' })),
    {
      timeoutMs: 0,
    },
  );
  resumed.resolve();
  return { first, firstDone, read: () => fileStore({ dir }).get<Record>(KEY, { fresh: true }) };
}

describe('fileStore under a lost lock', () => {
  it('[H8] set, update and delete under a lock broken as stale refuse with LOCK_UNAVAILABLE; the next holder’s value stands', async () => {
    const { firstDone, read } = await loseLock(async (store) => {
      const outcomes = [];
      for (const write of [
        () => store.update<Record>(KEY, (r) => ({ ...r, accessToken: 'A' })),
        () => store.set(KEY, { accessToken: 'A' }),
        () => store.delete(KEY),
      ]) {
        outcomes.push(
          await Promise.resolve(write()).catch((error: { code: string; message: string }) => error),
        );
      }
      return outcomes;
    });
    const outcomes = await firstDone;
    expect(outcomes).toHaveLength(3);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        code: 'LOCK_UNAVAILABLE',
        message: expect.stringContaining(`"${LOCK}" was lost while held`),
      });
    }
    expect(await read()).toEqual({ accessToken: 'B', n: 0 });
  });

  it('[H8] a write under a lost lock fails alone: writes queued beside it by other callers commit', async () => {
    const increment = (store: ReturnType<typeof fileStore>) =>
      store.update<Record>(KEY, (r) => ({ ...r, n: (r?.n ?? 0) + 1 }));
    const go = deferred();
    const queued = deferred();
    const { first, firstDone, read } = await loseLock(async (store) => {
      await go.promise;
      const fenced = store.update<Record>(KEY, (r) => ({ ...r, accessToken: 'A' }));
      queued.resolve();
      return fenced.catch((error: { code: string }) => error.code);
    });
    // Other callers of the same instance, under no lock, write the same key:
    // the first write starts the queue, the holder's queues behind it, and two
    // more behind that, which group commit would batch with the holder's.
    const others = [increment(first)];
    go.resolve();
    await queued.promise;
    others.push(increment(first), increment(first));
    expect(await firstDone).toBe('LOCK_UNAVAILABLE');
    await Promise.all(others);
    expect(await read()).toEqual({ accessToken: 'B', n: 3 });
  });
});
