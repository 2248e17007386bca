import type { FSWatcher } from 'node:fs';
import { systemClock } from '@mcp-oauth/core';

/**
 * `fs.watch`, never keeping the process alive, taken from the module Node
 * has already loaded: a static import of `node:fs` from ES modules would
 * also load its promise, stream and folder APIs at import time.
 */
const watchFolder = (
  dir: string,
  listener: (type: string, filename: string | null) => void,
): FSWatcher => process.getBuiltinModule('node:fs').watch(dir, { persistent: false }, listener);

/** When the folder cannot be watched, the caller is told to look again after this long. */
const UNWATCHED_MS = 15;

/**
 * Resolves when the file `name` in `dir` is written, replaced or removed,
 * as the operating system reports it (inotify, FSEvents, ReadDirectoryChangesW);
 * at once when the platform does not name the file, and after a short pause
 * when the folder cannot be watched. Rejects when `signal` aborts. The
 * watcher never keeps the process alive.
 */
export async function fileChanged(dir: string, name: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const watched = watchName(dir, name);
  if (!watched) return systemClock.sleep(UNWATCHED_MS, signal);
  try {
    await watched.pause(undefined, signal);
  } finally {
    watched.close();
  }
}

/** A standing watch on one file of a folder, from {@link watchName}. */
export interface NameWatch {
  /**
   * Waits `ms`, or less when the file changed since the watch began or
   * since the previous pause ended (nothing between two pauses is missed);
   * resolves whether it changed, and rejects when `signal` aborts. A timed
   * pause keeps the process alive; without `ms` it waits for a change only,
   * and does not. One pause at a time: a second while one runs is refused.
   * Once the watch has failed, each pause lasts a moment, so the caller
   * looks again soon instead of never.
   */
  pause(ms: number | undefined, signal?: AbortSignal): Promise<boolean>;
  /** Stops watching. */
  close(): void;
  /** Whether the watch broke; pauses then last a moment, and the caller should back off instead. */
  readonly failed: boolean;
}

/**
 * Watches the file `name` in `dir` (one watcher for a whole wait, however
 * many pauses it has); `undefined` when the folder cannot be watched. The
 * watcher never keeps the process alive.
 */
export function watchName(dir: string, name: string): NameWatch | undefined {
  let changed = false;
  let failed = false;
  let wake: (() => void) | undefined;
  let watcher: FSWatcher;
  const seen = () => {
    changed = true;
    wake?.();
  };
  try {
    watcher = watchFolder(dir, (_type, filename) => {
      if (filename === null || filename === name) seen();
    });
  } catch {
    return undefined;
  }
  watcher.on('error', () => {
    failed = true;
    watcher.close();
    seen();
  });
  return {
    get failed() {
      return failed;
    },
    pause(ms, signal) {
      return new Promise((resolve, reject) => {
        if (wake) {
          reject(new Error('watchName: one pause at a time'));
          return;
        }
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        if (changed) {
          changed = false;
          resolve(true);
          return;
        }
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          wake = undefined;
          changed = false;
        };
        const onAbort = () => {
          done();
          reject(signal?.reason);
        };
        const wait = failed ? Math.min(ms ?? UNWATCHED_MS, UNWATCHED_MS) : ms;
        const timer =
          wait === undefined
            ? undefined
            : setTimeout(() => {
                done();
                resolve(false);
              }, wait);
        wake = () => {
          done();
          resolve(true);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      watcher.close();
    },
  };
}

/**
 * Waits `ms`, or less when `name` in `dir` changes (a lock file removed by
 * its holder), keeping the process alive meanwhile; rejects when `signal`
 * aborts. A folder that cannot be watched ends the pause after a moment.
 */
export async function pauseUntilChanged(
  ms: number,
  dir: string,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  const watched = watchName(dir, name);
  try {
    if (watched) await watched.pause(ms, signal);
    else await systemClock.sleep(Math.min(ms, UNWATCHED_MS), signal);
  } finally {
    watched?.close();
  }
}
