/** A lock left behind by a dead or stuck holder was removed. */
export interface StaleLockEvent {
  readonly type: 'stale_lock';
  /** The lock file. */
  readonly path: string;
  /** `dead_process`: its holder's PID is gone on this host; `expired`: not refreshed within `staleMs`. */
  readonly reason: 'dead_process' | 'expired';
}

/** Calls `listener` and swallows what it throws: reporting never breaks a store call. */
export function emit<E>(listener: ((event: E) => void) | undefined, event: E): void {
  try {
    listener?.(event);
  } catch {}
}
