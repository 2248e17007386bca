import type { Clock } from '@mcp-oauth/core';

/** A {@link Clock} a scenario moves by hand, with the waits it skipped. */
export interface VirtualClock extends Clock {
  /** Moves time forward, to expire tokens without waiting. */
  advance(ms: number): void;
  /** Sum of the back-off waits skipped so far, ms. */
  readonly skippedMs: number;
}

/**
 * Virtual time for the catalogue: back-off waits (lock retries, R4's 1-2-4 s)
 * resolve at once and move the clock, so a flaky profile costs milliseconds.
 * Timeouts of interactive flows (`unref` sleeps) run on a real timer, capped
 * at `realTimeoutMs`, so a scenario whose callback never arrives fails
 * instead of passing at once or hanging the run.
 */
export function virtualClock(realTimeoutMs = 10_000): VirtualClock {
  let offset = 0;
  let skipped = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
    get skippedMs() {
      return skipped;
    },
    sleep(ms, signal, options) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (!options?.unref) {
        offset += ms;
        skipped += ms;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.min(ms, realTimeoutMs),
        );
        timer.unref();
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
