import type { StaleLockEvent } from '@mcp-oauth/store-primitives/fs';

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

export type { StaleLockEvent };

/** Everything the file store and file lock report. Events never carry record values. */
export type FileStoreEvent = CorruptRecordEvent | StaleLockEvent;

/** Receives {@link FileStoreEvent}s; a throwing listener is ignored. */
export type FileStoreEventListener = (event: FileStoreEvent) => void;
