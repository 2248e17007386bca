import type { StaleLockEvent } from '@mcp-oauth/store-primitives/fs';

/** A record's entries did not form a record; its head was moved aside (SPEC ST3). */
export interface KeychainCorruptEvent {
  readonly type: 'corrupt_record';
  /** The key, or `undefined` for the key index. */
  readonly key?: string;
  /** The keychain account the damaged head was copied to. */
  readonly quarantineAccount: string;
}

/** Everything the keychain store reports. Events never carry record values. */
export type KeychainStoreEvent = KeychainCorruptEvent | StaleLockEvent;

/** Receives {@link KeychainStoreEvent}s; a throwing listener is ignored. */
export type KeychainStoreEventListener = (event: KeychainStoreEvent) => void;
