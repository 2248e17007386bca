/** A record file could not be parsed and was moved aside (SPEC ST3). */
export interface CorruptRecordEvent {
  readonly type: 'corrupt_record';
  /** The key asked for, when known. */
  readonly key?: string;
  /** Where the record was. */
  readonly path: string;
  /** Where it is now, for inspection or recovery. */
  readonly quarantinePath: string;
}

/** A lock left behind by a dead or stuck holder was removed. */
export interface StaleLockEvent {
  readonly type: 'stale_lock';
  /** The lock file. */
  readonly path: string;
  /** `dead_process`: its holder's PID is gone on this host; `expired`: not refreshed within `staleMs`. */
  readonly reason: 'dead_process' | 'expired';
}

/** Everything the file store and file lock report. Events never carry record values. */
export type FileStoreEvent = CorruptRecordEvent | StaleLockEvent;

/** Receives {@link FileStoreEvent}s; a throwing listener is ignored. */
export type FileStoreEventListener = (event: FileStoreEvent) => void;

/** Calls `listener` and swallows what it throws: reporting never breaks a store call. @internal */
export function emit<E extends FileStoreEvent>(
  listener: ((event: E) => void) | undefined,
  event: E,
): void {
  try {
    listener?.(event);
  } catch {}
}
