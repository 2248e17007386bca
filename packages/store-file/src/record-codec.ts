import { ErrorCode, type JsonValue, StoreError } from '@mcp-oauth/core';

/** Format version written into every record file. */
const VERSION = 1;

/**
 * Serialises a record. The key travels inside the file because file names are
 * hashes (see `hashName`), and `keys()` must give the key back.
 * @internal
 */
export function encodeRecord(key: string, value: JsonValue): string {
  return `${JSON.stringify({ v: VERSION, key, value })}\n`;
}

/** Thrown by {@link decodeRecord}; the store turns it into `STORE_CORRUPT`. @internal */
export class CorruptRecord extends Error {}

/**
 * Parses a record file. An empty, truncated or foreign file is corrupt: the
 * failure users of other clients report is a damaged token file read as
 * "no credentials" and then overwritten, silently logging them out of every
 * server. Here it is always an error.
 * @internal
 */
export function decodeRecord(text: string): { key: string; value: JsonValue } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CorruptRecord(text.length === 0 ? 'the file is empty' : 'the file is not valid JSON');
  }
  const record = parsed as { v?: unknown; key?: unknown; value?: unknown } | null;
  if (
    !record ||
    typeof record !== 'object' ||
    record.v !== VERSION ||
    typeof record.key !== 'string' ||
    !('value' in record)
  ) {
    throw new CorruptRecord('the file is not a record of this store');
  }
  return { key: record.key, value: record.value as JsonValue };
}

/** The typed error a corrupt record is reported with. @internal */
export function corruptError(key: string | undefined, quarantinePath: string, reason: string) {
  return new StoreError(
    ErrorCode.StoreCorrupt,
    `The record${key === undefined ? '' : ` for "${key}"`} was corrupt (${reason}); it was moved to ${quarantinePath} and is treated as missing from now on.`,
  );
}
