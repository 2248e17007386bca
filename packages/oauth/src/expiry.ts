import type { ServerRecord } from '@mcp-oauth/core';

/** Default proactive renewal window: 300 s (SPEC T3). */
export const DEFAULT_REFRESH_WINDOW_MS = 300_000;

/**
 * True when the record's access token expires within the renewal window
 * (SPEC T3). A token without a known expiry is used until rejected.
 */
export function isSoonExpiring(
  record: ServerRecord | undefined,
  now: number,
  windowMs: number = DEFAULT_REFRESH_WINDOW_MS,
): boolean {
  return !!record?.accessToken && (record.expiresAt ?? 0) - now <= windowMs;
}
