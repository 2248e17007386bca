import { execFileSync } from 'node:child_process';
import { lstat, readdir, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileStoreEvent, fileStore } from '../src/index.js';
import { tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-special-');

/** A store holding `key`, and the path of its record file. */
async function stored(key = 'server:docs|1') {
  const dir = fresh();
  const events: FileStoreEvent[] = [];
  await fileStore({ dir }).set(key, { accessToken: 'A' });
  const [file] = await readdir(join(dir, 'records'));
  const store = fileStore({ dir, onEvent: (e) => events.push(e) });
  return { dir, store, events, key, path: join(dir, 'records', file!) };
}

describe.skipIf(process.platform === 'win32')('records that are not regular files', () => {
  it('[H11] a FIFO at a record path is refused with STORE_ERROR at once, never waited on', async () => {
    const { store, key, path } = await stored();
    await unlink(path);
    execFileSync('mkfifo', ['-m', '600', path]);
    const started = Date.now();
    for (const call of [
      (): Promise<unknown> => Promise.resolve(store.get(key, { fresh: true })),
      () => store.update(key, () => ({ accessToken: 'B' })),
      (): Promise<unknown> => Promise.resolve(store.keys()),
    ]) {
      await expect(Promise.resolve().then(call)).rejects.toMatchObject({
        code: 'STORE_ERROR',
        message: expect.stringContaining('is not a regular file'),
      });
    }
    // A blocking open would never return: no writer ever opens this FIFO.
    expect(Date.now() - started).toBeLessThan(2_000);
    // Refused, not moved or replaced: someone put it there and must look at it.
    expect((await lstat(path)).isFIFO()).toBe(true);
  });
});

describe('oversized records', () => {
  it('[H11] a record over 8 MiB is STORE_CORRUPT, moved aside unread, then missing', async () => {
    const { dir, store, events, key, path } = await stored();
    await truncate(path, 8 * 1024 * 1024 + 1);
    await expect(Promise.resolve(store.get(key, { fresh: true }))).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('it is 8388609 bytes, more than a record can be'),
    });
    const aside = (await readdir(join(dir, 'records'))).find((n) => n.includes('.corrupt-'));
    expect(aside).toBeDefined();
    expect(events).toEqual([
      { type: 'corrupt_record', key, path, quarantinePath: join(dir, 'records', aside!) },
    ]);
    expect(await store.get(key, { fresh: true })).toBeUndefined();
    expect(await store.update(key, () => ({ accessToken: 'B' }))).toEqual({ accessToken: 'B' });
  });

  it('[H11] keys() quarantines an oversized record like a corrupt one', async () => {
    const { dir, store, path } = await stored();
    await fileStore({ dir }).set('server:ok|2', {});
    await truncate(path, 8 * 1024 * 1024 + 1);
    await expect(store.keys()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await store.keys()).toEqual(['server:ok|2']);
  });
});
