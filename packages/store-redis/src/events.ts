/** The connection to Redis dropped; calls fail with `STORE_UNAVAILABLE` until it is back. */
export interface ConnectionLostEvent {
  readonly type: 'connection_lost';
  /** What the client reported (no credentials: the URL's user and password are never shown). */
  readonly message: string;
}

/** The connection is back; cached reads start again once invalidations are received. */
export interface ConnectionRestoredEvent {
  readonly type: 'connection_restored';
}

/**
 * A lock this process held expired before it was released: the process was
 * paused past the lease or lost Redis for that long. Writes made under it
 * are refused with `LOCK_UNAVAILABLE` (SPEC H8, DS1).
 */
export interface LockLostEvent {
  readonly type: 'lock_lost';
  /** The lock's name, as given to `withLock`. */
  readonly name: string;
}

/** Everything the Redis store reports. Events never carry record values or tokens. */
export type RedisStoreEvent = ConnectionLostEvent | ConnectionRestoredEvent | LockLostEvent;

/** Receives {@link RedisStoreEvent}s; a throwing listener is ignored. */
export type RedisStoreEventListener = (event: RedisStoreEvent) => void;

/** Calls `listener` and swallows what it throws: reporting never breaks a store call. */
export function emit(listener: RedisStoreEventListener | undefined, event: RedisStoreEvent): void {
  try {
    listener?.(event);
  } catch {}
}
