import type { Clock, JsonValue } from '@mcp-oauth/core';

/** One in-flight read or write of a key: what it saw must not be cached over newer news. */
export interface Ticket {
  readonly key: string;
  readonly epoch: number;
  /** The highest version announced for the key while the operation ran. */
  floor: number;
}

interface Entry {
  readonly value: JsonValue | undefined;
  readonly version: number;
  readonly at: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * The read cache of the hot path (SPEC T7, DS2). Every write in the
 * namespace takes the next number of one counter and announces
 * `<version> <key>` on a pub/sub channel; an entry is dropped as soon as a
 * newer version of its key is announced, so other machines' writes are seen
 * within a message's latency, and at most `ttlMs` later if a message were
 * lost. Entries are kept only while the subscription is live: when it drops,
 * messages may be missed, so everything is forgotten and nothing is cached
 * until it is back. A read or write in flight when a newer version is
 * announced is not cached (the message and the reply travel on different
 * connections).
 */
export class RecordCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Set<Ticket>>();
  readonly #ttlMs: number;
  readonly #clock: Clock;
  #epoch = 0;
  #live = false;

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  /** The cached entry of `key`, if it may still be trusted. */
  get(key: string): { value: JsonValue | undefined } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() - entry.at >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Marks the start of a read or write of `key`. */
  begin(key: string): Ticket {
    const ticket: Ticket = { key, epoch: this.#epoch, floor: 0 };
    const tickets = this.#inFlight.get(key) ?? new Set<Ticket>();
    this.#inFlight.set(key, tickets);
    tickets.add(ticket);
    return ticket;
  }

  /** Ends `ticket`; caches `value` at `version` when nothing newer was seen meanwhile. Returns the value to share. */
  settle<T extends JsonValue>(
    ticket: Ticket,
    value: T | undefined,
    version: number,
  ): T | undefined {
    this.#end(ticket);
    const frozen = deepFreeze(value);
    if (!this.#live || ticket.epoch !== this.#epoch || version < ticket.floor) return frozen;
    const current = this.#entries.get(ticket.key);
    if (current && current.version > version) return frozen;
    this.#entries.set(ticket.key, { value: frozen, version, at: this.#clock.now() });
    return frozen;
  }

  /** Ends `ticket` without caching (the operation failed). */
  cancel(ticket: Ticket): void {
    this.#end(ticket);
  }

  /** A write of `key` at `version` was announced. */
  announced(key: string, version: number): void {
    const entry = this.#entries.get(key);
    if (entry && entry.version < version) this.#entries.delete(key);
    for (const ticket of this.#inFlight.get(key) ?? []) {
      ticket.floor = Math.max(ticket.floor, version);
    }
  }

  /** Whether announcements arrive; while they do not, nothing is cached. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#epoch++;
    this.#entries.clear();
  }

  #end(ticket: Ticket): void {
    const tickets = this.#inFlight.get(ticket.key);
    tickets?.delete(ticket);
    if (tickets?.size === 0) this.#inFlight.delete(ticket.key);
  }
}
