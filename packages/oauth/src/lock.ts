import type { Clock, Lock, Logger } from '@mcp-oauth/core';

/**
 * The lock every token-changing path of one server takes: refresh, silent
 * exchange, client credentials (SPEC R1, X12, M2). One name, so two
 * strategies or two processes never renew the same record at once.
 */
export const refreshLockName = (serverKey: string): string => `refresh:${serverKey}`;

/**
 * How long a renewal may legitimately hold the lock: three token requests
 * of up to 30 s each, the 1 s + 2 s + 4 s back-off between them, and one
 * metadata request (SPEC R4, F1), with room to spare. A waiter waits that
 * long before it gives up (SPEC H7).
 */
export const RENEWAL_HOLD_MS = 150_000;

/** What {@link withRetryingLock} needs. */
export interface RetryingLockOptions {
  readonly lock: Lock;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Longest wait for the lock. Default {@link RENEWAL_HOLD_MS}. */
  readonly maxWaitMs?: number;
  /** Cancels the wait. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `fn` under the cross-process renewal lock (SPEC R1, X12). A waiter
 * waits as long as a holder may legitimately hold it (SPEC H7), woken when
 * the lock is released, and never runs `fn` without the lock: a second
 * refresh with the same rotating refresh token would get the whole grant
 * revoked. When the wait ends it rejects with `LOCK_UNAVAILABLE`; the
 * caller re-reads the store. The lock is always released.
 */
export async function withRetryingLock<T>(
  name: string,
  fn: () => Promise<T>,
  options: RetryingLockOptions,
): Promise<T> {
  return options.lock.withLock(name, fn, {
    timeoutMs: options.maxWaitMs ?? RENEWAL_HOLD_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
