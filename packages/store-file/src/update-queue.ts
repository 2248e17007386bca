import type { JsonValue } from '@mcp-oauth/core';
import { type HeldLock, heldLocks, outsideHeldLocks } from '@mcp-oauth/store-primitives/fs';

/** One queued write. @internal */
export interface Job {
  /** Computes the next value from the current one; `undefined` deletes. */
  readonly fn: (current: JsonValue | undefined) => unknown;
  /** A blind write (set, delete) does not need the current value, so a corrupt one does not stop it. */
  readonly blind: boolean;
  /** The file locks the caller held when it queued the write; checked before committing it (SPEC H8). */
  readonly locks: readonly HeldLock[];
  readonly resolve: (value: JsonValue | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/** Runs a batch of jobs under the record's lock. @internal */
export type BatchRunner = (key: string, jobs: Job[]) => Promise<void>;

/** At most this many queued writes share one lock acquisition, so other processes get their turn. */
const MAX_BATCH = 64;

/**
 * The next batch: up to {@link MAX_BATCH} writes made under no file lock, or
 * one write made under some. A batch commits or fails as a whole, and a
 * caller's lost lock (SPEC H8) must fail that caller's write alone.
 */
function nextBatch(queue: Job[]): Job[] {
  if (queue[0]!.locks.length > 0) return queue.splice(0, 1);
  const end = queue.findIndex((job, i) => i >= MAX_BATCH || job.locks.length > 0);
  return queue.splice(0, end === -1 ? queue.length : end);
}

/**
 * Per-key write queue with group commit: writes queued in this process while
 * the record lock is busy are applied one after the other, in order, under a
 * single lock acquisition and a single atomic file write. Each updater still
 * sees the result of the previous one (no update is lost, SPEC ST1), but 100
 * concurrent updates cost a few fsyncs instead of 100.
 * @internal
 */
export function createUpdateQueue(run: BatchRunner) {
  const queues = new Map<string, Job[]>();
  const drain = async (key: string, queue: Job[]) => {
    while (queue.length > 0) {
      const batch = nextBatch(queue);
      try {
        await run(key, batch);
      } catch (error) {
        for (const job of batch) job.reject(error);
      }
    }
    queues.delete(key);
  };
  return (key: string, fn: Job['fn'], blind = false): Promise<JsonValue | undefined> =>
    new Promise((resolve, reject) => {
      const job = { fn, blind, locks: heldLocks(), resolve, reject };
      const queue = queues.get(key);
      if (queue) {
        queue.push(job);
        return;
      }
      const fresh = [job];
      queues.set(key, fresh);
      // The queue serves every caller, not only the one that started it:
      // each job carries its own caller's locks.
      outsideHeldLocks(() => void drain(key, fresh));
    });
}
