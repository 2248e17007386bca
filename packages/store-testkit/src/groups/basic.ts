import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

/** get, set, keys and overwrite on a fresh store. */
export function basicGroup({ test, createStore }: GroupContext): void {
  test('[ST1] basic: a fresh store is empty', async () => {
    const store = await createStore();
    assert.equal(await store.get('missing'), undefined);
    assert.deepEqual(await store.keys(), []);
  });

  test('[ST1] basic: set then get returns an equal value of every JSON type', async () => {
    const store = await createStore();
    const values = {
      string: 'value',
      number: 42.5,
      zero: 0,
      boolean: false,
      null: null,
      array: [1, 'two', { three: 3 }],
      object: { accessToken: 'AT', nested: { expiresAt: 1_700_000_000_000 } },
    };
    for (const [key, value] of Object.entries(values)) await store.set(key, value);
    for (const [key, value] of Object.entries(values))
      assert.deepEqual(await store.get(key), value);
  });

  test('[ST1] basic: set overwrites, and keys lists each key once', async () => {
    const store = await createStore();
    await store.set('server:a|1', { v: 1 });
    await store.set('server:a|1', { v: 2 });
    await store.set('server:b|2', { v: 3 });
    await store.set('client-secret:a|1', 'S');
    assert.deepEqual(await store.get('server:a|1'), { v: 2 });
    assert.deepEqual((await store.keys()).sort(), [
      'client-secret:a|1',
      'server:a|1',
      'server:b|2',
    ]);
    assert.deepEqual((await store.keys('server:')).sort(), ['server:a|1', 'server:b|2']);
  });

  test('[ST1] basic: a stored value is a copy: mutating the input afterwards changes nothing', async () => {
    const store = await createStore();
    const value = { list: [1] };
    await store.set('k', value);
    value.list.push(2);
    assert.deepEqual(await store.get('k'), { list: [1] });
  });

  test('[ST1] basic: update creates, transforms and returns the stored value', async () => {
    const store = await createStore();
    assert.deepEqual(await store.update('k', (c) => ({ n: c === undefined ? 1 : 0 })), { n: 1 });
    assert.deepEqual(
      await store.update<{ n: number }>('k', async (c) => ({ n: (c?.n ?? 0) + 1 })),
      { n: 2 },
    );
    assert.deepEqual(await store.get('k'), { n: 2 });
  });

  test('[ST1] basic: fresh reads return what was written', async () => {
    const store = await createStore();
    await store.set('k', 'v');
    assert.equal(await store.get('k', { fresh: true }), 'v');
  });
}
