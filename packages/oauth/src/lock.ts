import { type Clock, ErrorCode, type Lock, type Logger, StoreError } from '@mcp-oauth/core';

/**
 * The lock every token-changing path of one server takes: refresh, silent
 * exchange, client credentials (SPEC R1, X12, M2). One name, so two
 * strategies or two processes never renew the same record at once.
 */
export const refreshLockName = (serverKey: string): string => `refresh:${serverKey}`;

/** Lock retries on contention (SPEC R1). */
const LOCK_RETRIES = 5;

/** What {@link withRetryingLock} needs. */
export interface RetryingLockOptions {
  readonly lock: Lock;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Random source for the 1–2 s wait. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Runs `fn` under a cross-process lock the way renewal needs it (SPEC R1,
 * X12): on contention up to 5 retries with a random 1–2 s wait; if the lock
 * cannot be had, runs without it and says so in the debug log. The lock is
 * always released.
 */
export async function withRetryingLock<T>(
  name: string,
  fn: () => Promise<T>,
  options: RetryingLockOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await options.lock.withLock(name, fn, { timeoutMs: 0 });
    } catch (error) {
      if (!(error instanceof StoreError) || error.code !== ErrorCode.LockUnavailable) throw error;
      if (attempt >= LOCK_RETRIES) {
        options.logger.debug(
          `lock ${name} unavailable after ${LOCK_RETRIES} retries; proceeding without it`,
        );
        return fn();
      }
      await options.clock.sleep(1000 + random() * 1000);
    }
  }
}
