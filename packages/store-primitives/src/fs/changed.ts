import { type FSWatcher, watch } from 'node:fs';

/** When the folder cannot be watched, the caller is told to look again after this long. */
const UNWATCHED_MS = 15;

/**
 * Resolves when the file `name` in `dir` is written, replaced or removed,
 * as the operating system reports it (inotify, FSEvents, ReadDirectoryChangesW);
 * at once when the platform does not name the file, and after a short pause
 * when the folder cannot be watched. Rejects when `signal` aborts. The
 * watcher never keeps the process alive.
 */
export function fileChanged(dir: string, name: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let watcher: FSWatcher | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      watcher?.close();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal?.reason);
    };
    const changed = () => {
      finish();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      watcher = watch(dir, { persistent: false }, (_type, filename) => {
        if (filename === null || filename === name) changed();
      });
      watcher.on('error', changed);
    } catch {
      timer = setTimeout(changed, UNWATCHED_MS);
    }
  });
}

/**
 * Waits between attempts. Unlike `Clock.sleep` this timer keeps the process
 * alive: a queued `update` must finish, not vanish because the event loop
 * had nothing else to do.
 */
export function pauseKeepingAlive(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits `ms`, or less when `name` in `dir` changes (a lock file removed by
 * its holder), keeping the process alive meanwhile; rejects when `signal`
 * aborts.
 */
export async function pauseUntilChanged(
  ms: number,
  dir: string,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  const local = new AbortController();
  const stop = () => local.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([pauseKeepingAlive(ms, local.signal), fileChanged(dir, name, local.signal)]);
  } finally {
    signal?.removeEventListener('abort', stop);
    local.abort();
  }
}
