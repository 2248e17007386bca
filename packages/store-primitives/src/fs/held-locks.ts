import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { callChainValue } from '../call-chain.js';

/** A lock file the current call chain holds. */
export interface HeldLock {
  /** The name the lock was taken under. */
  readonly name: string;
  /** Resolves whether the lock file is still this holder's (not broken as stale and retaken). */
  stillHeld(): Promise<boolean>;
}

// One list per call chain: `withLock` of a file lock runs its function with
// the lock added, so a store write deep inside sees every lock it runs under.
const chain = callChainValue<readonly HeldLock[]>();

/** The file locks held by the current call chain, outermost first. */
export function heldLocks(): readonly HeldLock[] {
  return chain.get() ?? [];
}

/** Runs `fn` with `lock` added to the call chain's held locks. @internal */
export function runHolding<T>(lock: HeldLock, fn: () => Promise<T>): Promise<T> {
  return chain.run([...heldLocks(), lock], fn);
}

/**
 * Runs `fn`, and what it starts, outside the caller's held locks: for work
 * done on behalf of many callers (a batch of queued writes), which checks
 * each caller's locks itself.
 */
export function outsideHeldLocks<T>(fn: () => T): T {
  return chain.exit(fn);
}

/** The part of a lock name a caller chose: stores prefix names with parts joined by NUL. */
const shownName = (name: string) => JSON.stringify(name.slice(name.lastIndexOf('\u0000') + 1));

/**
 * The `LOCK_UNAVAILABLE` error of a write refused because a lock it ran under
 * was lost: the holder stopped refreshing it for longer than the stale
 * timeout (suspended laptop, SIGSTOP, a long GC or debugger pause) and
 * another process broke it (SPEC H8).
 */
export function lockLost(name: string): StoreError {
  return new StoreError(
    ErrorCode.LockUnavailable,
    `The lock ${shownName(name)} was lost while held: this process was paused past the stale-lock timeout and another process took the lock. The write was not made; re-read the store, whose value the next holder may have changed.`,
  );
}

/**
 * Throws {@link lockLost} unless every lock in `locks` is still held; stores
 * call it right before the final write of `set`, `update` and `delete`, so a
 * holder that lost its lock never commits over the next holder's work
 * (SPEC H8). Default: the current call chain's {@link heldLocks}.
 */
export async function assertLocksHeld(locks: readonly HeldLock[] = heldLocks()): Promise<void> {
  for (const lock of new Set(locks)) {
    if (!(await lock.stillHeld())) throw lockLost(lock.name);
  }
}
