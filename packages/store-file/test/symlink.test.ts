import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';
import { tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-link-');

describe('symbolic links', () => {
  async function linked() {
    const dir = fresh();
    const store = fileStore({ dir });
    await store.set('server:docs|1', { accessToken: 'A' });
    const [file] = await readdir(join(dir, 'records'));
    const path = join(dir, 'records', file!);
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'do not touch');
    const { rm } = await import('node:fs/promises');
    await rm(path);
    await symlink(victim, path);
    return { dir, store: fileStore({ dir }), victim, path };
  }

  it('[ST6] a read refuses a symlink at the record path with a typed error', async () => {
    const { store } = await linked();
    const error = await Promise.resolve(store.get('server:docs|1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_ERROR' });
    expect((error as Error).message).toMatch(/Refusing to follow the symbolic link/);
  });

  it('[ST6] a write refuses a symlink at the record path and leaves its target untouched', async () => {
    const { store, victim } = await linked();
    await expect(store.set('server:docs|1', { accessToken: 'B' })).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringMatching(/symbolic link/),
    });
    await expect(store.update('server:docs|1', () => ({}))).rejects.toMatchObject({
      code: 'STORE_ERROR',
    });
    expect(await readFile(victim, 'utf8')).toBe('do not touch');
  });

  it('[ST6] a symlinked records folder is refused', async () => {
    const dir = fresh();
    const elsewhere = fresh();
    await mkdir(elsewhere, { recursive: true });
    await mkdir(dir, { recursive: true });
    await symlink(elsewhere, join(dir, 'records'));
    await expect(fileStore({ dir }).set('k', 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringMatching(/symbolic link/),
    });
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
