import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChanged, pauseUntilChanged, watchName } from '../src/fs/index.js';

const folder = () => mkdtemp(join(tmpdir(), 'store-primitives-changed-'));

describe('waiting for a file to change (SPEC R9)', () => {
  it('[R9] a lock waiter wakes when the holder removes the lock file, long before its pause ends', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'a.lock'), 'held');
    const started = Date.now();
    const waiting = pauseUntilChanged(10_000, dir, 'a.lock');
    setTimeout(() => void rm(join(dir, 'a.lock')), 30);
    await waiting;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('[R9] another file changing does not wake it; the pause still ends on time', async () => {
    const dir = await folder();
    const started = Date.now();
    const waiting = pauseUntilChanged(300, dir, 'a.lock');
    await writeFile(join(dir, 'b.lock'), 'other');
    await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('[R9] both reject when the signal aborts', async () => {
    const dir = await folder();
    const controller = new AbortController();
    const pause = pauseUntilChanged(10_000, dir, 'a.lock', controller.signal);
    const change = fileChanged(dir, 'a.lock', controller.signal);
    controller.abort(new Error('stop'));
    await expect(pause).rejects.toThrow('stop');
    await expect(change).rejects.toThrow('stop');
  });

  it('[R9] a folder that cannot be watched says "look again" soon instead of never', async () => {
    const started = Date.now();
    await fileChanged(join(tmpdir(), 'store-primitives-no-such-folder', 'x'), 'a.lock');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('[R9] a standing watch misses nothing between two pauses, and a quiet pause lasts its time', async () => {
    const dir = await folder();
    const watched = watchName(dir, 'a.lock');
    if (!watched) throw new Error('the folder could not be watched');
    try {
      // Written while nobody pauses: the next pause ends at once.
      await writeFile(join(dir, 'a.lock'), 'held');
      await new Promise((resolve) => setTimeout(resolve, 100));
      let started = Date.now();
      await watched.pause(10_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      // Nothing changed since: this one lasts its whole time.
      started = Date.now();
      await watched.pause(300);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      // Removed during a pause: it ends then.
      started = Date.now();
      setTimeout(() => void rm(join(dir, 'a.lock')), 30);
      await watched.pause(10_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      const controller = new AbortController();
      const aborted = watched.pause(10_000, controller.signal);
      controller.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
    } finally {
      watched.close();
    }
  });

  it('[R9] a folder that cannot be watched gives no standing watch', () => {
    expect(
      watchName(join(tmpdir(), 'store-primitives-no-such-folder', 'x'), 'a.lock'),
    ).toBeUndefined();
  });
});
