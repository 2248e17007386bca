import type { ServerRecord } from '@mcp-oauth/core';

/** Default proactive renewal window: 300 s (SPEC T3). */
export const DEFAULT_REFRESH_WINDOW_MS = 300_000;

/**
 * True when the record's access token expires within the renewal window
 * (SPEC T3). The window is at most half the token's lifetime, so a token
 * that lives no longer than the window is not renewed on every request; a
 * token without a known expiry is used until rejected (SPEC H6).
 */
export function isSoonExpiring(
  record: ServerRecord | undefined,
  now: number,
  windowMs: number = DEFAULT_REFRESH_WINDOW_MS,
): boolean {
  if (!record?.accessToken || record.expiresAt === undefined) return false;
  const lifetime =
    record.issuedAt === undefined ? Number.POSITIVE_INFINITY : record.expiresAt - record.issuedAt;
  return record.expiresAt - now <= Math.min(windowMs, lifetime / 2);
}
