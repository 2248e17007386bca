import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { type FileStoreEvent, fileStore } from '../src/index.js';
import { tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-corrupt-');

/** A store holding `key`, whose file is then overwritten with `garbage`. */
async function damaged(garbage: string, key = 'server:docs|1') {
  const dir = fresh();
  const events: FileStoreEvent[] = [];
  const store = fileStore({ dir, onEvent: (e) => events.push(e) });
  await fileStore({ dir }).set(key, { accessToken: 'A', refreshToken: 'R' });
  const [file] = await readdir(join(dir, 'records'));
  const path = join(dir, 'records', file!);
  await writeFile(path, garbage);
  return { dir, store, events, path, key };
}

describe('corrupt records', () => {
  for (const [what, garbage] of [
    ['truncated', '{"v":1,"key":"server:docs|1","value":{"accessTo'],
    ['empty', ''],
    ['foreign JSON', '{"tokens":[]}'],
  ] as const) {
    it(`[ST3] a ${what} file is reported as STORE_CORRUPT, moved aside, never read as empty`, async () => {
      const { dir, store, events, path, key } = await damaged(garbage);
      const error = await Promise.resolve(store.get(key)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'STORE_CORRUPT' });
      const names = await readdir(join(dir, 'records'));
      const aside = names.find((n) => n.includes('.corrupt-'));
      expect(aside).toBeDefined();
      // Kept byte for byte for inspection.
      expect(await readFile(join(dir, 'records', aside!), 'utf8')).toBe(garbage);
      expect((error as Error).message).toContain(aside);
      expect(events).toEqual([
        { type: 'corrupt_record', key, path, quarantinePath: join(dir, 'records', aside!) },
      ]);
      // Once reported and moved aside, the record is missing.
      expect(await store.get(key, { fresh: true })).toBeUndefined();
    });
  }

  it('[ST3] update on a corrupt record rejects with STORE_CORRUPT instead of updating an empty value', async () => {
    const { store, key } = await damaged('not json');
    let called = false;
    await expect(
      store.update(key, () => {
        called = true;
        return { accessToken: 'new' };
      }),
    ).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(called).toBe(false);
  });

  it('[ST3] set over a corrupt record still writes (it needs no old value) and reports the damage', async () => {
    const { store, key, events } = await damaged('{');
    await store.set(key, { accessToken: 'new' });
    expect(await store.get(key, { fresh: true })).toEqual({ accessToken: 'new' });
    expect(events.map((e) => e.type)).toEqual(['corrupt_record']);
  });

  it('[ST3] keys() reports a corrupt file and moves it aside', async () => {
    const { store, dir } = await damaged('\u0000\u0000\u0000');
    await fileStore({ dir }).set('server:ok|2', {});
    await expect(store.keys()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await store.keys()).toEqual(['server:ok|2']);
  });

  it('[ST3] a file holding another key is corrupt, not served under the wrong key', async () => {
    const { store, key } = await damaged(
      '{"v":1,"key":"server:other|9","value":{"accessToken":"X"}}',
    );
    await expect(Promise.resolve(store.get(key))).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});
