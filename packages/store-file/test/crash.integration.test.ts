import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';
import { kill9, startFixture, waitForLine } from './spawn.js';

const root = await mkdtemp(join(tmpdir(), 'store-file-crash-'));
afterAll(() => rm(root, { recursive: true, force: true }));

type Written = { tag: string; seq: number; pad: string; check: number };

describe('fileStore under SIGKILL', () => {
  it('[ST3] a writer killed with SIGKILL mid-write 100 times leaves the old or the new value every time', async () => {
    const dir = join(root, 'writer');
    const key = 'server:docs|49aaacec754e767e';
    const pad = 'x'.repeat(64 * 1024);
    const store = fileStore({ dir });
    await store.set(key, { tag: 'initial', seq: 0, pad, check: pad.length });
    let previous: Written = (await store.get<Written>(key, { fresh: true }))!;
    let killedMidWrite = 0;
    for (let i = 0; i < 100; i++) {
      const child = startFixture('writer.mjs', [dir, key, `run-${i}`]);
      await waitForLine(child, (line) => line === 'ready');
      // Land the kill anywhere in the write loop: open, write, fsync, rename.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
      await kill9(child);
      const leftovers = (await readdir(join(dir, 'records'))).filter((n) => n.endsWith('.tmp'));
      if (leftovers.length > 0) killedMidWrite++;
      // Never throws STORE_CORRUPT: the file is always a whole record.
      const value = await store.get<Written>(key, { fresh: true });
      expect(value).toBeDefined();
      expect(value!.pad).toBe(pad);
      expect(value!.check).toBe(pad.length + value!.seq);
      // The old value, or one this child wrote: nothing in between.
      if (value!.tag !== previous.tag || value!.seq !== previous.seq) {
        expect(value!.tag).toBe(`run-${i}`);
      }
      previous = value!;
    }
    // The kills did land mid-write (a temporary file was being written).
    expect(killedMidWrite).toBeGreaterThan(10);
    const names = await readdir(join(dir, 'records'));
    expect(names.filter((n) => n.includes('.corrupt-'))).toEqual([]);
  });

  it('[ST1] a lock holder killed with SIGKILL does not block the next process beyond the stale timeout', async () => {
    const dir = join(root, 'holder');
    const holder = startFixture('lock-holder.mjs', ['hold', dir, 'refresh:server']);
    await waitForLine(holder, (line) => line === 'locked');
    await kill9(holder);
    const taker = startFixture('lock-holder.mjs', ['take', dir, 'refresh:server']);
    const line = await waitForLine(taker, (l) => l.startsWith('{'));
    const { waitedMs } = JSON.parse(line) as { waitedMs: number };
    // Default staleMs is 10 s; a dead PID on this host is detected at once.
    expect(waitedMs).toBeLessThan(2_000);
  });
});
