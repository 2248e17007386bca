import { lstat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { type Clock, type Lock, type LockOptions, systemClock, unref } from '@mcp-oauth/core';
import { createMutex, DEFAULT_LOCK_TIMEOUT_MS, lockUnavailable } from '../mutex.js';
import { type NameWatch, watchName } from './changed.js';
import { emit, type StaleLockEvent } from './events.js';
import { storeErrorFrom } from './fs-errors.js';
import { runHolding } from './held-locks.js';
import {
  breakIfStale,
  createLockFile,
  isOwner,
  refreshIfOwner,
  removeIfOwner,
} from './lock-file.js';
import { nodeCrypto } from './node-crypto.js';
import { sweepOrphanTemps } from './orphan-temps.js';
import { hashName } from './paths.js';
import { ensurePrivateDir } from './private-dir.js';

/** Pause between attempts while the lock file is watched (times 0.5 to 1.5). */
const WATCHED_POLL_MS = 1_000;
/** Longest pause after the lock file changed before looking at it. */
const HANDOFF_JITTER_MS = 20;

/** Whether something is at `path`; any failure says no, so the create runs and reports it. */
const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * Tokens of the lock files this process holds, across every `fileLock`
 * instance: a lock file naming this PID with a token not in here was left by
 * an earlier process that had the same PID.
 */
const held = new Set<string>();

/** Options of {@link fileLock}. */
export interface FileLockOptions {
  /** Folder for the lock files (created with mode 0700). Processes share a lock by sharing this folder. */
  readonly dir: string;
  /**
   * A lock file not refreshed for this long is stale and may be broken. The
   * holder refreshes it every `staleMs / 3`, so only a dead or frozen holder
   * goes stale. A holder whose PID no longer exists on this host is stale at
   * once. Default 10 s.
   */
  readonly staleMs?: number;
  /** Longest pause between two attempts while waiting. Default 50 ms. */
  readonly maxPollMs?: number;
  /** Injected time for staleness decisions and deadlines. */
  readonly clock?: Clock;
  /** Receives `stale_lock` events. */
  readonly onEvent?: (event: StaleLockEvent) => void;
}

/** A cross-process {@link Lock} backed by lock files. */
export interface FileLock extends Lock {
  /** The folder holding the lock files. */
  readonly dir: string;
}

/**
 * A cross-process lock built on exclusive lock files (created with their
 * owner already inside by a hard link, or `O_CREAT|O_EXCL` where links are
 * unsupported), safe on local file systems. A holder killed with SIGKILL never blocks the
 * others for long: its PID is checked on this host, and lock files expire
 * after `staleMs` without a heartbeat (R1: a refresh lock must survive a
 * crashed process). Callers in one process queue in memory first.
 *
 * A holder frozen longer than `staleMs` (a suspended laptop, SIGSTOP) loses
 * its lock to the next process. `fn` runs with the lock in `heldLocks()`,
 * and the stores call `assertLocksHeld()` right before their final write, so
 * a holder that lost its lock does not commit (SPEC H8).
 */
export function fileLock(options: FileLockOptions): FileLock {
  if (!options || typeof options.dir !== 'string' || options.dir === '') {
    throw new TypeError('fileLock() requires a `dir` for its lock files');
  }
  const dir = options.dir;
  const staleMs = options.staleMs ?? 10_000;
  const maxPollMs = options.maxPollMs ?? 50;
  const clock = options.clock ?? systemClock;
  const host = hostname();
  // Callers in this process queue here first: a hundred concurrent calls are
  // one contender for the lock file, not a hundred polling.
  const local = createMutex();
  let ready: Promise<void> | undefined;
  let swept = false;
  // Temporary files of killed processes are removed once per process, by
  // the first holder and in the background: waiters, many at once in a
  // refresh storm, do not each list the folder.
  const sweep = () => {
    if (swept) return;
    swept = true;
    void sweepOrphanTemps(dir, clock.now()).catch(() => {});
  };

  const acquireFile = async (
    name: string,
    path: string,
    timeoutMs: number,
    deadline: number,
    signal?: AbortSignal,
  ) => {
    // Made at the first write: a waiter that never writes a lock file (it
    // found the lock held and got what it waited for) never loads crypto.
    let token: string | undefined;
    // Opened at the first refusal and kept for the whole wait: one watcher,
    // however many times this waiter looks again.
    let watched: NameWatch | undefined;
    let watchTried = false;
    try {
      for (let attempt = 0; ; attempt++) {
        signal?.throwIfAborted();
        ready ??= ensurePrivateDir(dir).catch((error) => {
          ready = undefined;
          throw error;
        });
        await ready;
        // Look before writing: while the lock is held an attempt costs an
        // lstat, not a temporary file, a link and an unlink in the folder
        // every other waiter watches.
        if (!(await exists(path))) {
          token ??= nodeCrypto().randomBytes(12).toString('hex');
          const content = JSON.stringify({
            pid: process.pid,
            host,
            token,
            name: name.slice(0, 80),
          });
          try {
            if (await createLockFile(path, content)) {
              held.add(token);
              sweep();
              return token;
            }
          } catch (error) {
            if ((error as { code?: string }).code === 'ENOENT') {
              // The folder was removed under us: recreate it, and watch the new one.
              ready = undefined;
              watched?.close();
              watched = undefined;
              watchTried = false;
              continue;
            }
            throw storeErrorFrom(error, 'create the lock file', path);
          }
        }
        if (watched?.failed) {
          // The watch broke (the folder went away, too many watches): back off instead.
          watched.close();
          watched = undefined;
        }
        if (!watchTried && deadline > clock.now()) {
          // Watch from the first refusal (SPEC R9), then look once more at
          // once: a removal before the watch began would go unseen.
          watchTried = true;
          watched = watchName(dir, basename(path));
          if (watched) continue;
        }
        const broken = await breakIfStale(path, {
          now: clock.now(),
          staleMs,
          host,
          ownedByUs: (token) => held.has(token),
        });
        if (broken) {
          emit(options.onEvent, { type: 'stale_lock', path, reason: broken });
          continue;
        }
        const remaining = deadline - clock.now();
        if (remaining <= 0) throw lockUnavailable(name, timeoutMs);
        // Woken by the holder removing the lock file, and looking again now
        // and then in case a notification is lost or the holder died; where
        // the folder cannot be watched, a jittered backoff so contenders do
        // not poll in lockstep.
        const pause =
          (watched ? WATCHED_POLL_MS : Math.min(maxPollMs, 1 + 2 ** Math.min(attempt, 8))) *
          (0.5 + Math.random());
        // Real time, and a timer that keeps the process alive: a queued write
        // must finish, not vanish because the event loop had nothing else to do.
        if (!watched) {
          await systemClock.sleep(Math.min(pause, remaining), signal);
        } else if (await watched.pause(Math.min(pause, remaining), signal)) {
          // Woken with every other waiter: a moment's jitter so that they do
          // not all write a lock file at once, and so that a waiter who only
          // wanted what the holder wrote (SPEC R9) reads it and goes.
          await systemClock.sleep(
            Math.min(HANDOFF_JITTER_MS * Math.random(), deadline - clock.now()),
            signal,
          );
        }
      }
    } finally {
      watched?.close();
    }
  };

  return {
    dir,
    async withLock(name, fn, lockOptions: LockOptions = {}) {
      const timeoutMs = lockOptions.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
      const queuedAt = Date.now();
      // The in-process mutex checks the name and options and bounds the wait
      // in the queue; what is left of timeoutMs bounds the wait for the file.
      return local.withLock(
        name,
        async () => {
          const deadline = clock.now() + timeoutMs - (Date.now() - queuedAt);
          const path = join(dir, `${hashName(name)}.lock`);
          let token: string | undefined;
          let heartbeat: ReturnType<typeof setInterval> | undefined;
          try {
            const mine = await acquireFile(name, path, timeoutMs, deadline, lockOptions.signal);
            token = mine;
            heartbeat = setInterval(
              async () => {
                // A lost lock stays lost: stop refreshing a file that is no longer ours.
                if (!(await refreshIfOwner(path, mine))) clearInterval(heartbeat);
              },
              Math.max(10, staleMs / 3),
            );
            unref(heartbeat);
            // fn and every store write inside it know this lock is held, so a
            // write can check it still is before committing (SPEC H8).
            return await runHolding({ name, stillHeld: () => isOwner(path, mine) }, fn);
          } finally {
            clearInterval(heartbeat);
            if (token) {
              held.delete(token);
              await removeIfOwner(path, token).catch(() => {});
            }
          }
        },
        lockOptions,
      );
    },
  };
}
