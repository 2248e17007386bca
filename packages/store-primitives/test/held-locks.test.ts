import { executionAsyncResource } from 'node:async_hooks';
import { mkdir, readdir, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertLocksHeld,
  fileLock,
  type HeldLock,
  heldLocks,
  lockLost,
  outsideHeldLocks,
} from '../src/fs/index.js';
import { refreshIfOwner } from '../src/fs/lock-file.js';
import { manualClock, tempDirs } from './helpers.js';

const fresh = await tempDirs('store-primitives-held-');

/** A promise and the function that settles it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const lockFiles = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.lock'));

describe('heldLocks', () => {
  it('[H8] lists the file locks the call chain runs under, outermost first, and none outside', async () => {
    const lock = fileLock({ dir: fresh() });
    expect(heldLocks()).toEqual([]);
    const seen = await lock.withLock('refresh:a', () =>
      lock.withLock('record\u0000b', async () => {
        // Through an await and a timer: the list follows the call chain.
        await new Promise((resolve) => setTimeout(resolve, 1));
        return heldLocks().map((held) => held.name);
      }),
    );
    expect(seen).toEqual(['refresh:a', 'record\u0000b']);
    expect(heldLocks()).toEqual([]);
  });

  it('[H8] two concurrent call chains each see only their own locks', async () => {
    const lock = fileLock({ dir: fresh() });
    const names = await Promise.all(
      ['a', 'b'].map((name) =>
        lock.withLock(name, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return heldLocks().map((held) => held.name);
        }),
      ),
    );
    expect(names).toEqual([['a'], ['b']]);
  });

  it('[H8] outsideHeldLocks runs work, and what it starts, under no lock', async () => {
    const lock = fileLock({ dir: fresh() });
    const seen = await lock.withLock('a', () =>
      outsideHeldLocks(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return heldLocks();
      }),
    );
    expect(seen).toEqual([]);
  });
});

/**
 * Whether promise hooks are on in this process: with them, a promise
 * reaction runs with the promise as its async resource.
 */
const promiseHooksOn = () =>
  Promise.resolve().then(() => executionAsyncResource() instanceof Promise);

/** Longer than the second the call chain stays on after the last holder. */
const afterGrace = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('the call chain behind heldLocks', () => {
  it('[H8] is switched off a moment after the last holder: later promises run without async hooks', async () => {
    const lock = fileLock({ dir: fresh() });
    await afterGrace(); // after the earlier tests' holders
    expect(await promiseHooksOn()).toBe(false);
    const inside = await lock.withLock('a', () => promiseHooksOn());
    expect(inside).toBe(true);
    await afterGrace();
    expect(await promiseHooksOn()).toBe(false);
    // And on again for the next holder, which still sees its lock.
    const seen = await lock.withLock('b', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return heldLocks().map((held) => held.name);
    });
    expect(seen).toEqual(['b']);
    await afterGrace();
    expect(await promiseHooksOn()).toBe(false);
  });

  it('[H8] stays on while another chain holds a lock, though the first one has finished', async () => {
    const lock = fileLock({ dir: fresh() });
    const release = deferred();
    const long = lock.withLock('long', async () => {
      await release.promise;
      await new Promise((resolve) => setTimeout(resolve, 1));
      return heldLocks().map((held) => held.name);
    });
    await lock.withLock('short', async () => {});
    release.resolve();
    expect(await long).toEqual(['long']);
    await afterGrace();
    expect(await promiseHooksOn()).toBe(false);
  });

  it('[H8] a write a finished section left behind still runs under its lock, and is refused', async () => {
    const lock = fileLock({ dir: fresh() });
    const leftover = deferred<readonly HeldLock[]>();
    // Nobody awaits the timer: its work runs after the section has ended.
    await lock.withLock('refresh:a', async () => {
      setTimeout(() => leftover.resolve(heldLocks()), 20);
    });
    const locks = await leftover.promise;
    expect(locks.map((held) => held.name)).toEqual(['refresh:a']);
    await expect(assertLocksHeld(locks)).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
  });
});

describe('assertLocksHeld', () => {
  it('[H8] passes while the locks are held, and rejects once the section has ended', async () => {
    const lock = fileLock({ dir: fresh() });
    const locks = await lock.withLock('refresh:a', async () => {
      await assertLocksHeld();
      return heldLocks();
    });
    await expect(assertLocksHeld(locks)).rejects.toMatchObject({ code: 'LOCK_UNAVAILABLE' });
  });

  it('[H8] a holder whose lock was broken as stale and retaken gets LOCK_UNAVAILABLE; the new holder passes', async () => {
    const dir = fresh();
    const clock = manualClock();
    // Two instances on one folder act as two processes.
    const first = fileLock({ dir, clock, staleMs: 10_000 });
    const second = fileLock({ dir, clock, staleMs: 10_000 });
    const frozen = deferred();
    const woke = deferred();
    const firstDone = first.withLock('refresh:a', async () => {
      frozen.resolve();
      await woke.promise;
      return assertLocksHeld().then(
        () => 'committed',
        (error: { code: string; message: string }) => error,
      );
    });
    await frozen.promise;
    // The holder is "suspended": no heartbeat for longer than staleMs.
    clock.advance(20_000);
    const secondOutcome = await second.withLock(
      'refresh:a',
      async () => {
        const outcome = await assertLocksHeld().then(() => 'committed');
        // Still holding it when the first wakes up.
        woke.resolve();
        await new Promise((resolve) => setTimeout(resolve, 20));
        return outcome;
      },
      { timeoutMs: 0 },
    );
    expect(secondOutcome).toBe('committed');
    expect(await firstDone).toMatchObject({
      code: 'LOCK_UNAVAILABLE',
      message: expect.stringContaining('"refresh:a" was lost while held'),
    });
  });

  it('[H8] a lock file removed under its holder counts as lost', async () => {
    const dir = fresh();
    const outcome = await fileLock({ dir }).withLock('refresh:a', async () => {
      const [name] = await lockFiles(dir);
      await unlink(join(dir, name!));
      return assertLocksHeld().catch((error: { code: string }) => error.code);
    });
    expect(outcome).toBe('LOCK_UNAVAILABLE');
  });
});

describe('lockLost', () => {
  it('[H8] names the caller’s part of the lock and says the write was not made', () => {
    const error = lockLost('lock\u0000refresh:server:docs|1');
    expect(error).toMatchObject({ name: 'StoreError', code: 'LOCK_UNAVAILABLE' });
    expect(error.message).toBe(
      'The lock "refresh:server:docs|1" was lost while held: this process was paused past the stale-lock timeout and another process took the lock. The write was not made; re-read the store, whose value the next holder may have changed.',
    );
  });
});

describe('refreshIfOwner (the heartbeat)', () => {
  it('[H8] bumps the lock file only while it holds our token, and never touches the next holder’s', async () => {
    const dir = fresh();
    const path = join(dir, 'x.lock');
    await mkdir(dir, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    await writeFile(path, JSON.stringify({ pid: 1, host: 'h', token: 'ours' }));
    await utimes(path, old, old);
    expect(await refreshIfOwner(path, 'ours')).toBe(true);
    expect((await stat(path)).mtimeMs).toBeGreaterThan(old.getTime() + 30_000);

    // Broken as stale and retaken: the file now names another holder.
    await writeFile(path, JSON.stringify({ pid: 2, host: 'h', token: 'theirs' }));
    await utimes(path, old, old);
    expect(await refreshIfOwner(path, 'ours')).toBe(false);
    expect((await stat(path)).mtimeMs).toBeLessThan(old.getTime() + 1_000);
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe('theirs');

    await unlink(path);
    expect(await refreshIfOwner(path, 'ours')).toBe(false);
  });
});
