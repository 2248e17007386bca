import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

const UPDATERS = 100;

/** `update` is an atomic read-modify-write: no update is lost under concurrency. */
export function atomicUpdateGroup({ test, createStore }: GroupContext): void {
  test(`[ST1] atomic update: ${UPDATERS} concurrent updaters lose no update`, async () => {
    const store = await createStore();
    await Promise.all(
      Array.from({ length: UPDATERS }, (_, i) =>
        store.update<{ count: number; seen: number[] }>('counter', async (current) => {
          // Yield between read and write, so a non-atomic store interleaves.
          await new Promise((resolve) => setTimeout(resolve, 0));
          return { count: (current?.count ?? 0) + 1, seen: [...(current?.seen ?? []), i] };
        }),
      ),
    );
    const final = (await store.get('counter', { fresh: true })) as {
      count: number;
      seen: number[];
    };
    assert.equal(final.count, UPDATERS);
    assert.deepEqual(
      [...final.seen].sort((a, b) => a - b),
      Array.from({ length: UPDATERS }, (_, i) => i),
    );
  });

  test('[ST1] atomic update: an updater that throws leaves the value unchanged and rejects', async () => {
    const store = await createStore();
    await store.set('k', { v: 1 });
    await assert.rejects(
      store.update('k', () => {
        throw new Error('updater failed');
      }),
      /updater failed/,
    );
    assert.deepEqual(await store.get('k', { fresh: true }), { v: 1 });
    assert.deepEqual(await store.update<{ v: number }>('k', (c) => ({ v: (c?.v ?? 0) + 1 })), {
      v: 2,
    });
  });

  test('[ST1] atomic update: returning undefined deletes the key', async () => {
    const store = await createStore();
    await store.set('k', 'v');
    assert.equal(await store.update('k', () => undefined), undefined);
    assert.equal(await store.get('k', { fresh: true }), undefined);
    assert.deepEqual(await store.keys(), []);
  });
}
