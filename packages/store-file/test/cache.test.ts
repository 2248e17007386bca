import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';
import { manualClock, tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-cache-');

describe('cached reads', () => {
  it('[T7] a cached get answers from memory, without touching the file', async () => {
    const dir = fresh();
    const store = fileStore({ dir, clock: manualClock() });
    await store.set('server:a|1', { accessToken: 'A' });
    // Remove the file behind the store's back: a cached read does not notice.
    const [file] = await readdir(join(dir, 'records'));
    await rm(join(dir, 'records', file!));
    const value = store.get('server:a|1');
    expect(value).not.toBeInstanceOf(Promise);
    expect(value).toEqual({ accessToken: 'A' });
    // `{ fresh: true }` bypasses the cache.
    expect(await store.get('server:a|1', { fresh: true })).toBeUndefined();
  });

  it("[T7] this process's writes are seen at once", async () => {
    const store = fileStore({ dir: fresh(), clock: manualClock() });
    await store.set('k', 1);
    expect(await store.get('k')).toBe(1);
    await store.update<number>('k', (n) => (n ?? 0) + 1);
    expect(await store.get('k')).toBe(2);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it("[T7] another process's write is seen within ttlMs (default 5 s), not later", async () => {
    const dir = fresh();
    const clock = manualClock();
    const reader = fileStore({ dir, clock });
    const writer = fileStore({ dir });
    await writer.set('k', 'old');
    expect(await reader.get('k')).toBe('old');
    await writer.set('k', 'new');
    clock.advance(4_999);
    expect(await reader.get('k')).toBe('old');
    clock.advance(1);
    expect(await reader.get('k')).toBe('new');
  });

  it('[T7] ttlMs is configurable', async () => {
    const dir = fresh();
    const clock = manualClock();
    const reader = fileStore({ dir, clock, ttlMs: 100 });
    const writer = fileStore({ dir });
    await writer.set('k', 'old');
    expect(await reader.get('k')).toBe('old');
    await writer.set('k', 'new');
    clock.advance(100);
    expect(await reader.get('k')).toBe('new');
  });
});
