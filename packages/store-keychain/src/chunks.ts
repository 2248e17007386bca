import { createHash } from 'node:crypto';

/**
 * Largest entry, in characters. Windows Credential Manager caps a credential
 * at 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE) and keyring stores the
 * secret as UTF-16, 2 bytes a character; macOS's `security` tool breaks on
 * lines over 4,096 bytes. Entries are ASCII only (see {@link toAscii}), so
 * 1,000 characters is 2,000 bytes at most on every platform: the failure
 * other clients hit by keeping every server's tokens in one entry (SPEC ST2).
 */
export const MAX_ENTRY_CHARS = 1_000;

/**
 * Largest record, in characters of its stored (ASCII) form: 8 MiB, the file
 * store's limit too (SPEC H11). Records are a few KB; a head claiming more
 * chunks than this is damaged or hostile, and reading or writing thousands
 * of entries would hold the record's lock for minutes.
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const PREFIX = 'mcpo1';

/** How a record is laid out in entries: inline in its head entry, or in chunks the head points to. */
export type Head =
  | { readonly kind: 'inline'; readonly payload: string }
  | {
      readonly kind: 'chunked';
      /** Which of two chunk sets holds the value; writes alternate, so a crash mid-write leaves the other intact. */
      readonly generation: 'a' | 'b';
      readonly count: number;
      /** First 16 hex of the payload's SHA-256: a missing or stale chunk is detected, never parsed. */
      readonly digest: string;
    };

/** Escapes every non-ASCII character as `\uXXXX`, which JSON.parse reads back unchanged. */
export function toAscii(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** SHA-256 prefix used to check a reassembled payload. */
export function digestOf(payload: string): string {
  return createHash('sha256').update(payload).digest('hex').slice(0, 16);
}

/** Splits an ASCII payload into pieces of at most {@link MAX_ENTRY_CHARS}. */
export function split(payload: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < payload.length; i += MAX_ENTRY_CHARS) {
    pieces.push(payload.slice(i, i + MAX_ENTRY_CHARS));
  }
  return pieces;
}

/** The head entry's text. */
export function formatHead(head: Head): string {
  return head.kind === 'inline'
    ? `${PREFIX}:i:${head.payload}`
    : `${PREFIX}:c:${head.generation}:${head.count}:${head.digest}`;
}

/** Parses a head entry; `undefined` when it is not one of ours or is damaged. */
export function parseHead(text: string): Head | undefined {
  if (text.startsWith(`${PREFIX}:i:`)) return { kind: 'inline', payload: text.slice(8) };
  const match = /^mcpo1:c:([ab]):(\d{1,5}):([0-9a-f]{16})$/.exec(text);
  if (!match) return undefined;
  return {
    kind: 'chunked',
    generation: match[1] as 'a' | 'b',
    count: Number(match[2]),
    digest: match[3]!,
  };
}

/** A head that fits in one entry holds the payload itself; larger payloads get chunks. */
export const fitsInline = (payload: string) => payload.length + 8 <= MAX_ENTRY_CHARS;
