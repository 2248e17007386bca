import { ErrorCode, StoreError, unref } from '@mcp-oauth/core';

type Waiter = (granted: boolean) => void;

/**
 * In-process FIFO mutex per name. The file lock queues its own callers here
 * first, so a hundred concurrent calls in one process become one contender
 * for the lock file instead of a hundred processes-worth of polling.
 * @internal
 */
export class LocalMutex {
  readonly #held = new Map<string, Waiter[]>();

  /** Resolves once `name` is held by the caller; rejects after `timeoutMs` or on abort. */
  acquire(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const queue = this.#held.get(name);
    if (!queue) {
      this.#held.set(name, []);
      return Promise.resolve();
    }
    const remaining = timeoutMs;
    if (remaining <= 0) return Promise.reject(lockTimeout(name));
    return new Promise((resolve, reject) => {
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const waiter: Waiter = () => finish();
      const drop = (error: unknown) => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        finish(error);
      };
      const onAbort = () => drop(signal?.reason);
      const timer = Number.isFinite(remaining)
        ? setTimeout(() => drop(lockTimeout(name)), remaining)
        : undefined;
      unref(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  /** Hands `name` to the next waiter, or frees it. */
  release(name: string): void {
    const next = this.#held.get(name)?.shift();
    if (next) next(true);
    else this.#held.delete(name);
  }
}

/** The error every lock gives when it cannot be had in time. @internal */
export function lockTimeout(name: string): StoreError {
  return new StoreError(
    ErrorCode.LockUnavailable,
    `Lock "${name}" is held by another caller; gave up waiting. Retry later, or raise timeoutMs.`,
  );
}
