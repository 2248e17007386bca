import { ErrorCode, type Lock, type LockOptions, StoreError, unref } from '@mcp-oauth/core';
import { assertLockName } from './store-key.js';

/** How long `withLock` waits when no `timeoutMs` is given (core's {@link LockOptions}). */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** setTimeout fires at once for delays above 2^31 - 1 ms; longer waits have no timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The `LOCK_UNAVAILABLE` error every lock rejects with when it cannot be had in time. */
export function lockUnavailable(name: string, timeoutMs: number): StoreError {
  return new StoreError(
    ErrorCode.LockUnavailable,
    `The lock ${JSON.stringify(name)} is held by another caller; gave up after ${timeoutMs} ms. Retry later, or raise timeoutMs.`,
  );
}

/** Checks {@link LockOptions.timeoutMs} and applies the default. */
function lockTimeoutOf(options: LockOptions): number {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new TypeError(
      `withLock() timeoutMs must be a number of milliseconds, 0 or more (0 tries once); got ${String(timeoutMs)}`,
    );
  }
  return timeoutMs;
}

/**
 * An in-process {@link Lock}: one holder per name, waiters served first come
 * first served and woken the moment the holder releases (no polling).
 * `timeoutMs` bounds the wait (0 tries once) and rejects with
 * `LOCK_UNAVAILABLE`; `signal` aborts the wait with its reason. Stores not
 * shared between processes use it as their lock; cross-process locks queue
 * their own callers in it first, so a hundred concurrent calls in one process
 * are one contender for the shared lock.
 *
 * @example
 * const lock = createMutex();
 * await lock.withLock('refresh:docs', async () => refresh(), { timeoutMs: 0 });
 */
export function createMutex(): Lock {
  // A name is held while it has an entry; the entry lists its waiters.
  const queues = new Map<string, Array<() => void>>();

  const acquire = (name: string, timeoutMs: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    const waiters = queues.get(name);
    if (!waiters) {
      queues.set(name, []);
      return undefined;
    }
    if (timeoutMs === 0) throw lockUnavailable(name, timeoutMs);
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const grant = () => {
        done();
        resolve();
      };
      const leave = (reason: unknown) => {
        waiters.splice(waiters.indexOf(grant), 1);
        done();
        reject(reason);
      };
      const onAbort = () => leave(signal?.reason);
      const timer =
        timeoutMs <= MAX_TIMER_MS
          ? setTimeout(() => leave(lockUnavailable(name, timeoutMs)), timeoutMs)
          : undefined;
      unref(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(grant);
    });
  };

  /** Hands `name` straight to the next waiter, so no newcomer can take it in between. */
  const release = (name: string) => {
    const next = queues.get(name)?.shift();
    if (next) next();
    else queues.delete(name);
  };

  return {
    async withLock(name, fn, options = {}) {
      assertLockName(name);
      if (typeof fn !== 'function') throw new TypeError('withLock() requires a function to run');
      await acquire(name, lockTimeoutOf(options), options.signal);
      try {
        return await fn();
      } finally {
        release(name);
      }
    },
  };
}
