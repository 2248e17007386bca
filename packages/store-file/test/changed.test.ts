import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';
import { tempDirs } from './helpers.js';

const fresh = await tempDirs('store-file-changed-');

const settled = <T>(promise: Promise<T>) => {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('changed (SPEC R9)', () => {
  it('[R9] resolves when another instance writes or deletes the record, not for another record', async () => {
    const dir = fresh();
    const writer = fileStore({ dir });
    const watcher = fileStore({ dir });
    await writer.set('server:a', { v: 0 });
    await writer.set('server:b', { v: 0 });

    const onA = watcher.changed('server:a');
    const state = settled(onA);
    await writer.set('server:b', { v: 1 });
    await pause(50);
    expect(state.done).toBe(false);
    await writer.set('server:a', { v: 1 });
    await onA;

    const deleted = watcher.changed('server:a');
    await writer.delete('server:a');
    await deleted;
  });

  it('[R9] rejects when its signal aborts, and watches a store folder before anything was written to it', async () => {
    const dir = fresh();
    const store = fileStore({ dir });
    await store.set('server:a', { v: 0 });
    const controller = new AbortController();
    const waiting = store.changed('server:a', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');

    // A store nobody wrote to yet: its folder is created, and the first write is seen.
    const empty = fileStore({ dir: join(dir, 'not-created-yet') });
    const first = empty.changed('server:a');
    const state = settled(first);
    await pause(100);
    expect(state.done).toBe(false);
    await fileStore({ dir: join(dir, 'not-created-yet') }).set('server:a', { v: 1 });
    await first;
  });

  it('[H10] refuses an invalid key like every other method', () => {
    expect(() => fileStore({ dir: fresh() }).changed('bad\u0000key')).toThrow(
      expect.objectContaining({ code: 'STORE_ERROR' }),
    );
  });
});
