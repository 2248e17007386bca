import { lstat, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fs from '@mcp-oauth/store-primitives/fs';
import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { describe, expect, it, test } from 'vitest';
import { defaultStoreDir, fileLock, fileStore } from '../src/index.js';
import { tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-');

// [ST5] the whole conformance kit (the cross-process group runs in the integration tests);
// a second instance over the same folder is what the app gets when it starts again.
storeTestSuite(test, () => fileStore({ dir: fresh() }), {
  reopen: (store) => fileStore({ dir: store.dir }),
});

const recordFiles = async (dir: string) =>
  (await readdir(join(dir, 'records'))).filter((name) => name.endsWith('.json'));

describe('fileStore', () => {
  it('[ST2] writes one file per record, holding only that record', async () => {
    const dir = fresh();
    const store = fileStore({ dir });
    await store.set('server:a|1', { accessToken: 'A' });
    await store.set('server:b|2', { accessToken: 'B' });
    const files = await recordFiles(dir);
    expect(files).toHaveLength(2);
    const contents = await Promise.all(files.map((f) => readFile(join(dir, 'records', f), 'utf8')));
    expect(contents.filter((c) => c.includes('"A"'))).toHaveLength(1);
    expect(contents.filter((c) => c.includes('"B"'))).toHaveLength(1);
  });

  it('[ST3] record files are 0600 in 0700 folders, and a loose folder is tightened', async () => {
    const dir = fresh();
    const store = fileStore({ dir });
    await store.set('k', 'v');
    const [file] = await recordFiles(dir);
    expect((await stat(join(dir, 'records', file!))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'records'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'locks'))).mode & 0o777).toBe(0o700);

    const loose = fresh();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(loose, 'records'), { recursive: true, mode: 0o755 });
    await fileStore({ dir: loose }).set('k', 'v');
    expect((await stat(join(loose, 'records'))).mode & 0o777).toBe(0o700);
  });

  it('[ST3] leaves no temporary file behind and sweeps those a killed writer left', async () => {
    const dir = fresh();
    await fileStore({ dir }).set('k', 'v');
    const orphan = join(dir, 'records', '.0123.json.999.abcdef.tmp');
    await writeFile(orphan, '{"half":');
    const old = new Date(Date.now() - 120_000);
    await utimes(orphan, old, old);
    const young = join(dir, 'records', '.4567.json.999.abcdef.tmp');
    await writeFile(young, '{"being written');
    const store = fileStore({ dir });
    await store.set('k', 'w');
    const names = await readdir(join(dir, 'records'));
    expect(names).not.toContain('.0123.json.999.abcdef.tmp');
    // One being written right now by another process is left alone.
    expect(names).toContain('.4567.json.999.abcdef.tmp');
    expect(await store.keys()).toEqual(['k']);
  });

  it('[ST1] set, update and delete from two instances on one folder (two processes) serialise', async () => {
    const dir = fresh();
    const one = fileStore({ dir });
    const two = fileStore({ dir });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).update<{ n: number }>('counter', async (c) => {
          await new Promise((r) => setTimeout(r, 1));
          return { n: (c?.n ?? 0) + 1 };
        }),
      ),
    );
    expect(await one.get('counter', { fresh: true })).toEqual({ n: 40 });
    expect(await two.delete('counter')).toBe(true);
    expect(await one.delete('counter')).toBe(false);
  });

  it('[H10] refuses bad keys with STORE_ERROR before touching the folder, from every method', async () => {
    const dir = fresh();
    const store = fileStore({ dir });
    await expect(store.set('', 1)).rejects.toMatchObject({ code: 'STORE_ERROR' });
    // update rejects, like every method, instead of throwing synchronously.
    const update = store.update('x'.repeat(201), () => 1);
    await expect(update).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(Promise.resolve(store.get('a\uD800'))).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringContaining('lone surrogate'),
    });
    await expect(store.delete('a\u0000b')).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await expect(store.withLock('\uDC00', async () => 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringContaining('"\\udc00"'),
    });
    await expect(lstat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('[ST1] declares cross-process safety and cached reads, and exposes its folder', async () => {
    const dir = fresh();
    const store = fileStore({ dir });
    expect(store.capabilities).toEqual({ crossProcess: true, cachedReads: true });
    expect(store.dir).toBe(dir);
    await store.set('k', 1);
    expect((await lstat(join(dir, 'records'))).isDirectory()).toBe(true);
  });

  it('[R1] the store lock (withLock) is cross-instance and separate from record locks', async () => {
    const dir = fresh();
    const a = fileStore({ dir });
    const b = fileStore({ dir });
    await a.withLock('server:docs|1', async () => {
      // update of the same key is not blocked by a withLock of that name (R2 updates under R1's lock).
      await b.update('server:docs|1', () => ({ ok: true }));
      await expect(
        b.withLock('server:docs|1', async () => 1, { timeoutMs: 0 }),
      ).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
    });
    expect(await b.withLock('server:docs|1', async () => 2, { timeoutMs: 0 })).toBe(2);
    expect(
      JSON.parse(
        await readFile(join(dir, 'records', (await readdir(join(dir, 'records')))[0]!), 'utf8'),
      ).value,
    ).toEqual({ ok: true });
  });

  it('[R1] still exports fileLock and defaultStoreDir, now the ones from @mcp-oauth/store-primitives/fs', () => {
    expect(fileLock).toBe(fs.fileLock);
    expect(defaultStoreDir).toBe(fs.defaultStoreDir);
  });
});
