import { ErrorCode, type Lock, type LockOptions, StoreError, unref } from '@mcp-oauth/core';

type State = { waiters: Array<(granted: boolean) => void> };

/**
 * An in-process lock: one holder per name, waiters served first come first
 * served. Stores that are not shared between processes use it for
 * {@link Lock.withLock}; cross-process stores need a real inter-process lock.
 */
export function createMutex(): Lock {
  const held = new Map<string, State>();

  const acquire = (name: string, options: LockOptions): Promise<void> | undefined => {
    const state = held.get(name);
    if (!state) {
      held.set(name, { waiters: [] });
      return undefined;
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    const unavailable = () =>
      new StoreError(
        ErrorCode.LockUnavailable,
        `Lock "${name}" is held; gave up after ${timeoutMs} ms`,
      );
    if (timeoutMs <= 0) return Promise.reject(unavailable());
    options.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const settle = (granted: boolean, reason?: unknown) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (granted) resolve();
        else reject(reason);
      };
      const waiter = (granted: boolean) => settle(granted);
      const drop = (reason: unknown) => {
        state.waiters.splice(state.waiters.indexOf(waiter), 1);
        settle(false, reason);
      };
      const onAbort = () => drop(options.signal?.reason);
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => drop(unavailable()), timeoutMs)
        : undefined;
      unref(timer);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      state.waiters.push(waiter);
    });
  };

  const release = (name: string) => {
    const next = held.get(name)?.waiters.shift();
    if (next) next(true);
    else held.delete(name);
  };

  return {
    async withLock(name, fn, options = {}) {
      await acquire(name, options);
      try {
        return await fn();
      } finally {
        release(name);
      }
    },
  };
}
