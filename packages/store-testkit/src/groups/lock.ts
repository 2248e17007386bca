import assert from 'node:assert/strict';
import type { Lock, Store } from '@mcp-oauth/core';
import type { GroupContext } from '../types.js';

const SECTIONS = 20;

/** The store's own lock, or a failure saying how to declare that it has none. */
export function lockOf(store: Store): Lock {
  const { withLock } = store as Partial<Lock>;
  if (typeof withLock !== 'function') {
    assert.fail(
      "The store has no withLock. Implement core's Lock, or pass skip: ['lock'] for a store that leaves locking to a `lock` option.",
    );
  }
  return { withLock: withLock.bind(store) };
}

/** A promise and the function that settles it. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `withLock` excludes, always releases, and gives up with `LOCK_UNAVAILABLE` (core `Lock`). */
export function lockGroup({ test, createStore }: GroupContext): void {
  test(`[R1] lock: ${SECTIONS} concurrent withLock sections of one name never overlap`, async () => {
    const lock = lockOf(await createStore());
    let inside = 0;
    let most = 0;
    let counter = 0;
    const results = await Promise.all(
      Array.from({ length: SECTIONS }, (_, i) =>
        lock.withLock('refresh:server|0123456789abcdef', async () => {
          inside++;
          most = Math.max(most, inside);
          // Read, wait, write: overlapping sections lose increments.
          const seen = counter;
          await pause(1);
          counter = seen + 1;
          inside--;
          return i;
        }),
      ),
    );
    assert.equal(most, 1, 'two withLock sections of one name ran at the same time');
    assert.equal(counter, SECTIONS);
    assert.deepEqual(
      results,
      Array.from({ length: SECTIONS }, (_, i) => i),
    );
  });

  test('[R1] lock: a section that throws releases the lock, and the next caller gets it at once', async () => {
    const lock = lockOf(await createStore());
    const failure = new Error('section failed');
    await assert.rejects(
      lock.withLock('refresh:a', async () => {
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.equal(await lock.withLock('refresh:a', async () => 'next', { timeoutMs: 0 }), 'next');
  });

  test('[R1] lock: a held lock makes a caller with timeoutMs 50 (or 0) reject with LOCK_UNAVAILABLE', async () => {
    const lock = lockOf(await createStore());
    const entered = deferred();
    const release = deferred();
    const holder = lock.withLock('refresh:a', async () => {
      entered.resolve();
      await release.promise;
      return 'held';
    });
    await entered.promise;
    let ran = false;
    for (const timeoutMs of [50, 0]) {
      await assert.rejects(
        lock.withLock(
          'refresh:a',
          async () => {
            ran = true;
          },
          { timeoutMs },
        ),
        (error: { code?: unknown; name?: unknown }) => {
          assert.equal(error.code, 'LOCK_UNAVAILABLE', `timeoutMs ${timeoutMs}: wrong error`);
          assert.equal(error.name, 'StoreError');
          return true;
        },
      );
    }
    release.resolve();
    assert.equal(await holder, 'held');
    assert.equal(ran, false, 'a caller that timed out ran its section anyway');
    assert.equal(await lock.withLock('refresh:a', async () => 'free', { timeoutMs: 0 }), 'free');
  });

  test('[R1] lock: locks of other names are independent', async () => {
    const lock = lockOf(await createStore());
    const entered = deferred();
    const release = deferred();
    const holder = lock.withLock('refresh:a', async () => {
      entered.resolve();
      await release.promise;
    });
    await entered.promise;
    assert.equal(await lock.withLock('refresh:b', async () => 'b', { timeoutMs: 0 }), 'b');
    release.resolve();
    await holder;
  });

  test('[R1] lock: an aborted wait rejects with the signal’s reason and never runs its section', async () => {
    const lock = lockOf(await createStore());
    const entered = deferred();
    const release = deferred();
    const holder = lock.withLock('refresh:a', async () => {
      entered.resolve();
      await release.promise;
    });
    await entered.promise;
    const controller = new AbortController();
    let ran = false;
    const waiting = lock.withLock(
      'refresh:a',
      async () => {
        ran = true;
      },
      // Long enough to still be waiting when the abort comes; a store that
      // ignores the signal fails when it runs out.
      { signal: controller.signal, timeoutMs: 1_000 },
    );
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);
    release.resolve();
    await holder;
    assert.equal(ran, false);
    assert.equal(await lock.withLock('refresh:a', async () => 'free', { timeoutMs: 0 }), 'free');
  });
}
