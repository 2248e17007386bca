import type { FetchLike } from '@mcp-oauth/core';

/**
 * Asks the token endpoint to refresh a token that does not exist, to see
 * how the provider answers errors (status, body shape, codes) without
 * touching the user's grant. RFC 6749 §5.2 wants HTTP 400 `invalid_grant`.
 */
export async function probeTokenErrors(
  fetch: FetchLike,
  tokenEndpoint: string,
  clientId: string | undefined,
  resource: string,
): Promise<{ status: number; error?: string }> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: 'mcp-oauth-conformance-probe-not-a-token',
    resource,
    ...(clientId ? { client_id: clientId } : {}),
  });
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const text = await response.text().catch(() => '');
  let error: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') error = parsed.error;
  } catch {
    error = new URLSearchParams(text).get('error') ?? undefined;
  }
  return { status: response.status, ...(error ? { error } : {}) };
}
