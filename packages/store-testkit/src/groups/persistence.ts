import assert from 'node:assert/strict';
import type { Store } from '@mcp-oauth/core';
import type { GroupContext } from '../types.js';

const RECORD = { accessToken: 'AT', refreshToken: 'RT', expiresAt: 1_700_000_000_000 };

/** The second instance over `first`'s storage, or a failure saying how to provide or decline it. */
async function reopen(context: GroupContext, first: Store): Promise<Store> {
  const { reopen } = context.options;
  if (typeof reopen !== 'function') {
    assert.fail(
      "The persistence group needs the `reopen` option: (store) => a new instance over the same storage. Pass skip: ['persistence'] only for a store without storage outside the instance, and say why.",
    );
  }
  const second = await reopen(first);
  assert.notEqual(second, first, 'reopen must build a new instance, not return the same one');
  return second;
}

/**
 * What one instance writes, a second instance over the same storage reads:
 * a store that keeps values only in the instance (a cache never written
 * through) fails. Like an app that starts again, the second instance is
 * created after the writes.
 */
export function persistenceGroup(context: GroupContext): void {
  const { test, createStore } = context;

  test('[ST1] persistence: set, update and delete through one instance are seen by a second one', async () => {
    const first = await createStore();
    await first.set('server:a|1', RECORD);
    await first.update<{ n: number }>('counter', (c) => ({ n: (c?.n ?? 0) + 1 }));
    await first.update<{ n: number }>('counter', (c) => ({ n: (c?.n ?? 0) + 1 }));
    await first.set('server:gone|2', { accessToken: 'old' });
    assert.equal(await first.delete('server:gone|2'), true);
    const second = await reopen(context, first);
    assert.deepEqual(await second.get('server:a|1'), RECORD);
    assert.deepEqual(await second.get('counter', { fresh: true }), { n: 2 });
    assert.equal(await second.get('server:gone|2'), undefined);
    assert.deepEqual((await second.keys()).sort(), ['counter', 'server:a|1']);
  });

  test('[ST1] persistence: writes through the second instance are seen by the first on a fresh read', async () => {
    const first = await createStore();
    await first.set('server:a|1', RECORD);
    const second = await reopen(context, first);
    await second.update<typeof RECORD>('server:a|1', (c) => (c ? { ...c, accessToken: 'AT2' } : c));
    await second.set('server:b|2', { accessToken: 'B' });
    assert.deepEqual(await first.get('server:a|1', { fresh: true }), {
      ...RECORD,
      accessToken: 'AT2',
    });
    assert.deepEqual(await first.get('server:b|2', { fresh: true }), { accessToken: 'B' });
    assert.equal(await second.delete('server:a|1'), true);
    assert.equal(await first.get('server:a|1', { fresh: true }), undefined);
    assert.deepEqual(await first.keys(), ['server:b|2']);
  });
}
