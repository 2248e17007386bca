import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { ErrorReply } from 'redis';

/** Server replies that mean "not now" rather than "never": a restart, a failover, a busy script. */
const TRANSIENT = /^(LOADING|READONLY|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/**
 * `STORE_UNAVAILABLE`: Redis did not answer within the call's time (SPEC
 * DS4). A write may or may not have been applied; it is never half-applied.
 */
export function unavailable(where: string, action: string, detail: string, cause?: unknown) {
  return new StoreError(
    ErrorCode.StoreUnavailable,
    `Could not ${action}: Redis at ${where} ${detail}. Nothing was lost: a write is applied whole or not at all. Check that the server is up and reachable; calls succeed again once it answers.`,
    cause === undefined ? {} : { cause },
  );
}

/** The error a store call reports for what the Redis client threw. */
export function storeErrorFrom(error: unknown, where: string, action: string): StoreError {
  if (error instanceof StoreError) return error;
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof ErrorReply) {
    if (TRANSIENT.test(message)) {
      return unavailable(where, action, `is not serving writes right now (${message})`, error);
    }
    const hint = /^OOM\b/.test(message)
      ? ' Raise maxmemory; the store needs maxmemory-policy noeviction so credentials are never evicted.'
      : /^(NOPERM|NOAUTH|WRONGPASS)\b/.test(message)
        ? ' Give the store user its keys and channels and the commands it uses; the README has the ACL SETUSER line.'
        : '';
    return new StoreError(
      ErrorCode.Store,
      `Could not ${action}: Redis at ${where} answered ${message}.${hint}`,
      { cause: error },
    );
  }
  return unavailable(where, action, `is not reachable (${message})`, error);
}

/** The part of a lock name a caller chose: the store's own record locks join parts with NUL. */
const shownName = (name: string) => JSON.stringify(name.slice(name.lastIndexOf('\u0000') + 1));

/**
 * `LOCK_UNAVAILABLE` for a write refused because a lock it ran under expired
 * and was not renewed in time (the process was paused past the lease, or
 * could not reach Redis for that long): another process may hold it now
 * (SPEC H8, DS1).
 */
export function lockLost(name: string): StoreError {
  return new StoreError(
    ErrorCode.LockUnavailable,
    `The lock ${shownName(name)} was lost while held: its lease ran out before this process renewed it (the process was paused, or Redis was unreachable, for longer than lockLeaseMs), and another process may hold it now. The write was not made; re-read the store, whose value the next holder may have changed.`,
  );
}

/** `STORE_CORRUPT`: a record that cannot be read as it was written. */
export function corrupt(key: string, reason: string, cause?: unknown): StoreError {
  return new StoreError(
    ErrorCode.StoreCorrupt,
    `The record ${JSON.stringify(key)} cannot be read: ${reason}`,
    cause === undefined ? {} : { cause },
  );
}
