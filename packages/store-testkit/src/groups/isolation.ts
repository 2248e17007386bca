import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

/** Keys never leak into each other, including keys that share prefixes or differ in case. */
export function isolationGroup({ test, createStore }: GroupContext): void {
  test('[ST1] isolation: keys that share a prefix or differ only in case are separate', async () => {
    const store = await createStore();
    const keys = [
      'server:a|1',
      'server:a|12',
      'server:A|1',
      'server:a',
      'server:a|1/x',
      'Server:a|1',
    ];
    for (const [i, key] of keys.entries()) await store.set(key, { i });
    for (const [i, key] of keys.entries()) assert.deepEqual(await store.get(key), { i });
    assert.equal((await store.keys()).length, keys.length);
  });

  test('[ST1] isolation: writing, updating or deleting one key leaves the others intact', async () => {
    const store = await createStore();
    await store.set('one', { v: 1 });
    await store.set('two', { v: 2 });
    await store.update('one', () => ({ v: 10 }));
    assert.deepEqual(await store.get('two'), { v: 2 });
    await store.delete('one');
    assert.deepEqual(await store.get('two'), { v: 2 });
  });

  test('[ST1] isolation: keys with path-like and special characters stay distinct', async () => {
    const store = await createStore();
    const keys = [
      '../escape',
      'a/b',
      'a\\b',
      'a:b',
      'a b',
      'a%2Fb',
      'id-token:https://idp.example.com/t',
    ];
    for (const [i, key] of keys.entries()) await store.set(key, i);
    for (const [i, key] of keys.entries()) assert.equal(await store.get(key), i);
    assert.deepEqual((await store.keys()).sort(), [...keys].sort());
  });
}
