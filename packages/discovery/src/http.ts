import {
  createOAuthFetch,
  ErrorCode,
  type FetchLike,
  McpOAuthError,
  OAuthResponseError,
  readJson,
  redactUrl,
} from '@mcp-oauth/core';
import { assertSecureUrl } from './secure-url.js';
import type { RequestOptions } from './types.js';

/** Outcome of one metadata GET. */
export type MetadataAnswer =
  | { readonly found: true; readonly url: string; readonly body: Record<string, unknown> }
  | { readonly found: false; readonly url: string; readonly error: McpOAuthError };

const fetchers = new WeakMap<FetchLike, FetchLike>();

/** Redirects followed for one metadata document, as a browser's fetch would (20 there; 5 is plenty). */
const MAX_REDIRECTS = 5;

/** The caller's fetch behind core's timeout and size cap (SPEC F1, F3). */
export function oauthFetchFor(fetch: FetchLike | undefined): FetchLike {
  const base = fetch ?? ((input, init) => globalThis.fetch(input, init));
  let wrapped = fetchers.get(base);
  if (!wrapped) {
    wrapped = createOAuthFetch({ fetch: base });
    if (fetch) fetchers.set(base, wrapped);
  }
  return wrapped;
}

/**
 * GETs a metadata document with `Accept: application/json` (SPEC D1).
 * A 4xx answer is "not found here" (the caller may try the next well-known
 * URL, as the MCP SDK does); 5xx, network failures, bodies over the size cap
 * and bodies that are not a JSON object throw typed errors naming the URL and
 * status (SPEC F3).
 */
export async function getMetadata(
  url: URL,
  options: RequestOptions,
  headers: Record<string, string> = {},
): Promise<MetadataAnswer> {
  const href = url.href;
  const fetch = oauthFetchFor(options.fetch);
  let response: Response;
  let at = href;
  for (let hops = 0; ; hops++) {
    try {
      response = await fetch(at, {
        method: 'GET',
        headers: { Accept: 'application/json', ...headers },
        // Followed by hand, so every hop is checked, not only the last (SPEC H1).
        redirect: 'manual',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (error instanceof McpOAuthError) throw error;
      if (options.signal?.aborted) throw error;
      throw new McpOAuthError(
        ErrorCode.Http,
        `Could not fetch ${redactUrl(at)}: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) break;
    await response.body?.cancel().catch(() => {});
    if (hops >= MAX_REDIRECTS) {
      throw new McpOAuthError(
        ErrorCode.Http,
        `Too many redirects fetching ${redactUrl(href)} (more than ${MAX_REDIRECTS})`,
        { status: response.status },
      );
    }
    // A redirect must not lead the client off the https-or-loopback rule (SPEC D9, H1).
    at = assertSecureUrl(new URL(location, at), {
      allowInsecure: options.allowInsecure,
      purpose: `redirect target of ${redactUrl(href)}`,
    }).href;
  }
  if (response.status >= 400 && response.status < 500) {
    await response.body?.cancel().catch(() => {});
    return {
      found: false,
      url: href,
      error: new OAuthResponseError(
        ErrorCode.Http,
        `No metadata at ${redactUrl(href)} (HTTP ${response.status})`,
        { status: response.status, response },
      ),
    };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new OAuthResponseError(
      ErrorCode.Http,
      `Metadata request to ${redactUrl(href)} failed with HTTP ${response.status}`,
      { status: response.status, response },
    );
  }
  return { found: true, url: href, body: await readJson(response, href) };
}

/** An `INVALID_RESPONSE` error about a metadata document at `url`. */
export function invalidMetadata(url: string, problem: string): McpOAuthError {
  return new McpOAuthError(
    ErrorCode.InvalidResponse,
    `Invalid metadata from ${redactUrl(url)}: ${problem}`,
  );
}
