import { ErrorCode, type JsonValue, StoreError } from '@mcp-oauth/core';
import type { KeychainBackend } from './backend.js';
import {
  digestOf,
  fitsInline,
  formatHead,
  type Head,
  MAX_ENTRY_CHARS,
  MAX_RECORD_CHARS,
  parseHead,
  split,
  toAscii,
} from './chunks.js';

/** Thrown when a record's entries do not form a record; the store reports `STORE_CORRUPT`. @internal */
export class CorruptEntry extends Error {}

/** Chunks of the largest record {@link encodeEntry} writes. */
const MAX_CHUNKS = Math.ceil(MAX_RECORD_CHARS / MAX_ENTRY_CHARS);

/** Account of chunk `index` of `generation`. */
const chunkAccount = (head: string, generation: string, index: number) =>
  `${head}:${generation}${index}`;

/** The account a damaged head is moved to. @internal */
export const quarantineAccount = (head: string) => `${head}:corrupt`;

/** A record as read: its head (to find old chunks when rewriting) and value. @internal */
export interface StoredEntry {
  readonly head: Head;
  readonly value: JsonValue;
}

/**
 * Reads the record under account `head`. Resolves `undefined` when absent;
 * throws {@link CorruptEntry} when the head is damaged, a chunk is missing,
 * the reassembled payload fails its digest, it is larger than
 * {@link MAX_RECORD_CHARS} (SPEC H11), or it holds another key.
 * @internal
 */
export async function readEntry(
  backend: KeychainBackend,
  head: string,
  key: string,
): Promise<StoredEntry | undefined> {
  const text = await backend.get(head);
  if (text === undefined) return undefined;
  const parsed = parseHead(text);
  if (!parsed) throw new CorruptEntry('its head entry is not in this store’s format');
  let payload: string;
  if (parsed.kind === 'inline') {
    payload = parsed.payload;
  } else {
    // Refused unread, like an oversized record file (SPEC H11): a head
    // claiming 99,999 chunks would otherwise cost 99,999 keychain reads.
    if (parsed.count > MAX_CHUNKS) {
      throw new CorruptEntry(`its head claims ${parsed.count} chunks, more than a record can be`);
    }
    const pieces = await Promise.all(
      Array.from({ length: parsed.count }, (_, i) =>
        backend.get(chunkAccount(head, parsed.generation, i)),
      ),
    );
    if (pieces.some((piece) => piece === undefined)) throw new CorruptEntry('a chunk is missing');
    payload = pieces.join('');
    if (digestOf(payload) !== parsed.digest) {
      throw new CorruptEntry('its chunks do not match the digest in its head');
    }
  }
  // Entries written by something else may be larger than ours.
  if (payload.length > MAX_RECORD_CHARS) {
    throw new CorruptEntry(`it is ${payload.length} characters, more than a record can be`);
  }
  let record: { k?: unknown; v?: unknown };
  try {
    record = JSON.parse(payload) as { k?: unknown; v?: unknown };
  } catch {
    throw new CorruptEntry('its value is not valid JSON');
  }
  if (!record || record.k !== key || !('v' in record)) {
    throw new CorruptEntry('it does not hold this key’s record');
  }
  return { head: parsed, value: record.v as JsonValue };
}

/**
 * The stored form of `key`'s record: ASCII JSON. Throws a `STORE_ERROR`
 * {@link StoreError} for a record over {@link MAX_RECORD_CHARS}, which reads
 * would refuse (SPEC H11), before anything is written.
 * @internal
 */
export function encodeEntry(key: string, value: JsonValue): string {
  const payload = toAscii(JSON.stringify({ k: key, v: value }));
  if (payload.length > MAX_RECORD_CHARS) {
    throw new StoreError(
      ErrorCode.Store,
      `The record${key === '' ? ' index' : ` for "${key}"`} is ${payload.length} characters as stored, more than the ${MAX_RECORD_CHARS} a record may be; it was not written. Keep tokens and client details in records, not large data.`,
    );
  }
  return payload;
}

/**
 * Writes `payload` (from {@link encodeEntry}) under account `head`, replacing
 * `previous`. Small records
 * are one entry, written in one call. Large ones go to the chunk set not in
 * use, and the head is switched last: a crash at any point leaves the old
 * record readable (SPEC ST3's guarantee, for the keychain). Old chunks are
 * deleted afterwards, so no stale token lingers in the keychain.
 * @internal
 */
export async function writeEntry(
  backend: KeychainBackend,
  head: string,
  payload: string,
  previous: Head | undefined,
): Promise<void> {
  let next: Head;
  if (fitsInline(payload)) {
    next = { kind: 'inline', payload };
  } else {
    const generation = previous?.kind === 'chunked' && previous.generation === 'a' ? 'b' : 'a';
    const pieces = split(payload);
    // Sequential: keychains serialise writes anyway, and a partial failure stops early.
    for (const [i, piece] of pieces.entries()) {
      await backend.set(chunkAccount(head, generation, i), piece);
    }
    next = { kind: 'chunked', generation, count: pieces.length, digest: digestOf(payload) };
  }
  await backend.set(head, formatHead(next));
  // The new chunks never share the old ones' generation, so all of those go.
  if (previous?.kind === 'chunked') {
    await deleteChunks(backend, head, previous.generation, 0, previous.count);
  }
}

/** Deletes the record under `head` (head first, so a crash never leaves a head without chunks). @internal */
export async function deleteEntry(
  backend: KeychainBackend,
  head: string,
  previous: Head | undefined,
): Promise<boolean> {
  const existed = await backend.delete(head);
  if (previous?.kind === 'chunked') {
    await deleteChunks(backend, head, previous.generation, 0, previous.count);
  }
  return existed;
}

async function deleteChunks(
  backend: KeychainBackend,
  head: string,
  generation: string,
  from: number,
  to: number,
) {
  for (let i = from; i < to; i++) await backend.delete(chunkAccount(head, generation, i));
}

/**
 * Moves a damaged head aside to {@link quarantineAccount} and removes it, so
 * the record reads as missing from now on while its remains stay inspectable.
 * @internal
 */
export async function quarantineEntry(backend: KeychainBackend, head: string): Promise<void> {
  const text = await backend.get(head);
  if (text === undefined) return;
  await backend.set(quarantineAccount(head), text.slice(0, 1_000));
  await backend.delete(head);
}
