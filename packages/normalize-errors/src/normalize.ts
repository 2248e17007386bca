import { type FetchLike, isOAuthErrorBody, type OAuthErrorBody } from '@mcp-oauth/core';
import { parseBody, peekText } from './read-body.js';
import { standardAliases } from './standard.js';
import type { NormalizeErrorsOptions, QuirkTable } from './types.js';

const methodOf = (input: string | URL | Request, init?: RequestInit) =>
  (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();

const urlOf = (input: string | URL | Request) =>
  new URL(input instanceof Request ? input.url : String(input));

const appliesTo = (table: QuirkTable, url: URL) =>
  !table.hosts ||
  table.hosts.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));

/** The standard code for `code`, from the first table that knows it. */
function standardCode(code: string, tables: readonly QuirkTable[]): string | undefined {
  for (const table of tables) {
    if (Object.hasOwn(table.aliases, code)) return table.aliases[code]?.error;
  }
  return undefined;
}

/** Adds `Accept: application/json` when no `Accept` is set (GitHub, SPEC N6). */
function withJsonAccept(input: string | URL | Request, init: RequestInit | undefined): RequestInit {
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return { ...init, headers };
}

/** A response with the standard error shape and the original headers: 400 for a 2xx (SPEC N3), else its own status. */
function rewrite(response: Response, body: OAuthErrorBody, status = 400): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  if (!headers.get('content-type')?.toLowerCase().includes('json')) {
    headers.set('content-type', 'application/json');
  }
  const rewritten = new Response(JSON.stringify(body), {
    status,
    statusText: status === 400 ? 'Bad Request' : response.statusText,
    headers,
  });
  if (response.url) Object.defineProperty(rewritten, 'url', { value: response.url });
  return rewritten;
}

/**
 * Wraps `fetch` so that non-standard OAuth error answers look standard to
 * the code downstream (SPEC N1–N6, F2):
 *
 * - only POST responses are looked at; other methods and non-2xx answers
 *   pass through untouched (N1);
 * - a 2xx token response (`access_token` present) passes through unchanged,
 *   and so does any body without an `error` field, such as a registration
 *   response (N2, N5);
 * - a 2xx body shaped like an OAuth error (JSON, or form-encoded, N6) becomes
 *   HTTP 400 with `{ error, error_description?, error_uri? }` and the same
 *   headers (N3), its code mapped through the caller's quirk tables and then
 *   the built-in aliases (`invalid_refresh_token`, `expired_refresh_token`,
 *   `token_expired` → `invalid_grant`, N4);
 * - a 2xx body that is not JSON passes through and is still readable (N5);
 * - a non-2xx OAuth error answer is rewritten only when a table for the
 *   host sets `errorResponses` and knows its code: the code becomes the
 *   standard one, the status and headers stay (SPEC Q2: Entra, Google and
 *   Auth0 answer 4xx with codes of their own).
 */
export function normalizeErrors(
  fetch?: FetchLike,
  options: NormalizeErrorsOptions = {},
): FetchLike {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const callerTables = options.quirks ?? [];
  const base: FetchLike = fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (input, init) => {
    if (methodOf(input, init) !== 'POST') return base(input, init);
    const url = urlOf(input);
    const tables = [...callerTables.filter((t) => appliesTo(t, url)), standardAliases];
    const request = tables.some((t) => t.acceptJson) ? withJsonAccept(input, init) : init;
    const response = await base(input, request);
    if (response.status === 204) return response;
    // N1: error answers pass untouched, unless a table maps its provider's own codes there too (Q2).
    const errorTables = tables.filter((t) => t.errorResponses);
    if (!response.ok && errorTables.length === 0) return response;

    const text = await peekText(response, maxBodyBytes);
    if (text === undefined) return response;
    const body = parseBody(text, response.headers.get('content-type'));
    if (!body || typeof body.access_token === 'string' || !isOAuthErrorBody(body)) {
      return response;
    }
    const mapped = standardCode(body.error, response.ok ? tables : errorTables);
    if (!response.ok && !mapped) return response;
    const normalised: OAuthErrorBody = { error: mapped ?? body.error };
    const description =
      body.error_description ??
      (mapped ? `Server returned non-standard error code: ${body.error}` : undefined);
    if (description !== undefined) normalised.error_description = description;
    if (body.error_uri !== undefined) normalised.error_uri = body.error_uri;
    await response.body?.cancel().catch(() => {});
    return rewrite(response, normalised, response.ok ? 400 : response.status);
  };
}
