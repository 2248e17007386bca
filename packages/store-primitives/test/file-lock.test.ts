import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLock, type StaleLockEvent } from '../src/fs/index.js';
import { manualClock, tempDirs } from './helpers.js';

const fresh = await tempDirs('store-primitives-lock-');

/** Plants a lock file for `refresh` as another holder would leave it. */
async function plantLock(dir: string, owner: object, ageMs = 0) {
  let path = '';
  await fileLock({ dir }).withLock('refresh', async () => {
    const [name] = (await readdir(dir)).filter((n) => n.endsWith('.lock'));
    path = join(dir, name!);
  });
  await writeFile(path, JSON.stringify(owner));
  const when = new Date(Date.now() - ageMs);
  await utimes(path, when, when);
  return path;
}

describe('fileLock', () => {
  it('[R1] two lock instances on one folder (as two processes) never hold a name at once', async () => {
    const dir = fresh();
    const locks = [fileLock({ dir }), fileLock({ dir })];
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        locks[i % 2]!.withLock('refresh:server', async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 2));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    // Released: nothing left behind.
    expect((await readdir(dir)).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });

  it('[R1] different names do not block each other', async () => {
    const lock = fileLock({ dir: fresh() });
    const order: string[] = [];
    await lock.withLock('a', async () => {
      await lock.withLock('b', async () => {
        order.push('b');
      });
      order.push('a');
    });
    expect(order).toEqual(['b', 'a']);
  });

  it('[R1] a held lock gives LOCK_UNAVAILABLE after timeoutMs, and is released after a throw', async () => {
    const dir = fresh();
    const holder = fileLock({ dir });
    const other = fileLock({ dir });
    let release!: () => void;
    const held = holder.withLock('x', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(other.withLock('x', async () => 1, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    await expect(other.withLock('x', async () => 1, { timeoutMs: 30 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    release();
    await held;
    await expect(
      other.withLock('x', async () => {
        throw new Error('inside');
      }),
    ).rejects.toThrow('inside');
    expect(await holder.withLock('x', async () => 2, { timeoutMs: 0 })).toBe(2);
  });

  it('[R1] an aborted wait rejects with the reason', async () => {
    const dir = fresh();
    let release!: () => void;
    const held = fileLock({ dir }).withLock('x', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const controller = new AbortController();
    const waiting = fileLock({ dir }).withLock('x', async () => 'ran', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(waiting).rejects.toThrow('stop');
    release();
    await held;
  });

  it('[R1] a lock whose holder PID is dead on this host is broken at once (dead_process)', async () => {
    const dir = fresh();
    const { hostname } = await import('node:os');
    const path = await plantLock(dir, { pid: 2 ** 22 + 17, host: hostname(), token: 't' });
    const events: StaleLockEvent[] = [];
    const lock = fileLock({ dir, onEvent: (e) => events.push(e) });
    expect(await lock.withLock('refresh', async () => 'mine', { timeoutMs: 0 })).toBe('mine');
    expect(events).toEqual([{ type: 'stale_lock', path, reason: 'dead_process' }]);
  });

  it('[R1] a lock from another host is respected until staleMs without a heartbeat, then broken (expired)', async () => {
    const dir = fresh();
    const path = await plantLock(dir, { pid: 1, host: 'other-host', token: 't' });
    const clock = manualClock();
    const events: StaleLockEvent[] = [];
    const lock = fileLock({ dir, clock, staleMs: 10_000, onEvent: (e) => events.push(e) });
    await expect(lock.withLock('refresh', async () => 1, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    clock.advance(10_001);
    expect(await lock.withLock('refresh', async () => 'taken', { timeoutMs: 0 })).toBe('taken');
    expect(events).toEqual([{ type: 'stale_lock', path, reason: 'expired' }]);
  });

  it('[R1] a live holder keeps its lock fresh with a heartbeat, so it is not broken while working', async () => {
    const dir = fresh();
    const holder = fileLock({ dir, staleMs: 200 });
    const events: StaleLockEvent[] = [];
    const contender = fileLock({ dir, staleMs: 200, onEvent: (e) => events.push(e) });
    let inside = 0;
    const work = holder.withLock('x', async () => {
      inside++;
      await new Promise((r) => setTimeout(r, 700));
      inside--;
    });
    await new Promise((r) => setTimeout(r, 20));
    await contender.withLock(
      'x',
      async () => {
        expect(inside).toBe(0);
      },
      { timeoutMs: 5_000 },
    );
    await work;
    expect(events).toEqual([]);
  });

  it('[R1] a lock from this PID that this process does not hold (PID reuse) is stale', async () => {
    const dir = fresh();
    const { hostname } = await import('node:os');
    await plantLock(dir, { pid: process.pid, host: hostname(), token: 'left-by-a-previous-life' });
    expect(await fileLock({ dir }).withLock('refresh', async () => 'ok', { timeoutMs: 0 })).toBe(
      'ok',
    );
  });

  it('[R1] an ownerless lock file (writer killed before writing it) is abandoned after a second', async () => {
    const dir = fresh();
    const path = await plantLock(dir, {});
    await writeFile(path, '');
    const clock = manualClock();
    const lock = fileLock({ dir, clock });
    await expect(lock.withLock('refresh', async () => 1, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_UNAVAILABLE',
    });
    clock.advance(1_001);
    expect(await lock.withLock('refresh', async () => 2, { timeoutMs: 0 })).toBe(2);
  });

  it('[R9] a waiter writes nothing while the lock stays held, and takes it as soon as it is released', async () => {
    const dir = fresh();
    const holder = fileLock({ dir });
    const waiter = fileLock({ dir });
    let release!: () => void;
    const holding = holder.withLock('refresh', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    // Every file the waiter creates shows up in the folder: count them.
    const created = new Set<string>();
    const { watch } = await import('node:fs');
    const seen = watch(dir, (type, name) => {
      if (type === 'rename' && name?.endsWith('.tmp')) created.add(name);
    });
    try {
      let tookAt = 0;
      const waiting = waiter.withLock('refresh', async () => {
        tookAt = Date.now();
      });
      await new Promise((r) => setTimeout(r, 1_500));
      // The waiter looks before it writes: while the lock stays held it
      // only looks (lstat), however many times it wakes, and writes no file.
      expect(created.size).toBe(0);
      const releasedAt = Date.now();
      release();
      await holding;
      await waiting;
      // Woken by the lock file's removal, not by its look-again timer (0.5–1.5 s).
      expect(tookAt - releasedAt).toBeLessThan(200);
    } finally {
      seen.close();
    }
  });

  it('requires a folder', () => {
    expect(() => fileLock({} as never)).toThrow(TypeError);
  });
});
