import assert from 'node:assert/strict';
import type { GroupContext } from '../types.js';

/** Non-ASCII keys and values, including astral characters and lone escapes, round-trip. */
export function unicodeGroup({ test, createStore }: GroupContext): void {
  test('[ST1] unicode: keys and values outside ASCII round-trip', async () => {
    const store = await createStore();
    const entries: Array<[string, string]> = [
      ['server:日本語|1', 'トークン'],
      ['server:emoji 🔐|2', '🔑 clé — ключ'],
      ['server:combining é|3', 'e\u0301 vs \u00e9'],
      ['server:rtl|4', 'مفتاح'],
      ['server:controls|5', 'line\nbreak\ttab "quote" \\ backslash \u0000 nul'],
    ];
    for (const [key, value] of entries) await store.set(key, { value });
    for (const [key, value] of entries) {
      assert.deepEqual(await store.get(key, { fresh: true }), { value });
    }
    assert.deepEqual((await store.keys()).sort(), entries.map(([key]) => key).sort());
  });

  test('[ST1] unicode: composed and decomposed forms stay distinct keys', async () => {
    const store = await createStore();
    await store.set('caf\u00e9', 1);
    await store.set('cafe\u0301', 2);
    assert.equal(await store.get('caf\u00e9'), 1);
    assert.equal(await store.get('cafe\u0301'), 2);
  });
}
