import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

/** delete reports whether it removed something, and a deleted key is gone everywhere. */
export function deletionGroup({ test, createStore }: GroupContext): void {
  test('[ST1] deletion: delete returns true once, then false', async () => {
    const store = await createStore();
    await store.set('k', { v: 1 });
    assert.equal(await store.delete('k'), true);
    assert.equal(await store.delete('k'), false);
    assert.equal(await store.delete('never-set'), false);
  });

  test('[ST1] deletion: a deleted key is gone from get, fresh get, keys and update', async () => {
    const store = await createStore();
    await store.set('k', { v: 1 });
    await store.set('other', { v: 2 });
    await store.delete('k');
    assert.equal(await store.get('k'), undefined);
    assert.equal(await store.get('k', { fresh: true }), undefined);
    assert.deepEqual(await store.keys(), ['other']);
    let seen: unknown = 'not called';
    await store.update('k', (current) => {
      seen = current;
      return { v: 3 };
    });
    assert.equal(seen, undefined);
  });

  test('[ST1] deletion: a key can be written again after deletion', async () => {
    const store = await createStore();
    await store.set('k', 'first');
    await store.delete('k');
    await store.set('k', 'second');
    assert.equal(await store.get('k', { fresh: true }), 'second');
  });
}
