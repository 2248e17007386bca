import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

/** A 16 KB record survives a round trip (SPEC ST2: larger values are split transparently). */
export function largeRecordGroup({ test, createStore }: GroupContext): void {
  test('[ST2] large record: a 16 KB record round-trips unchanged', async () => {
    const store = await createStore();
    const jwt = (n: number) => `eyJ${'x'.repeat(n)}`;
    const record = {
      accessToken: jwt(9 * 1024),
      refreshToken: jwt(4 * 1024),
      idToken: jwt(3 * 1024),
      client: { client_id: 'c'.repeat(600), client_secret: 's'.repeat(200) },
      scope: 'read write admin',
    };
    assert.ok(JSON.stringify(record).length >= 16 * 1024);
    await store.set('server:big|0123456789abcdef', record);
    assert.deepEqual(await store.get('server:big|0123456789abcdef', { fresh: true }), record);
    const updated = await store.update<typeof record>('server:big|0123456789abcdef', (c) =>
      c ? { ...c, scope: 'read' } : undefined,
    );
    assert.equal(updated?.accessToken, record.accessToken);
    assert.deepEqual(await store.get('server:big|0123456789abcdef', { fresh: true }), {
      ...record,
      scope: 'read',
    });
  });
}
