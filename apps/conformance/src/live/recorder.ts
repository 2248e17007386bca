import type { FetchLike } from '@mcp-oauth/core';
import type { RoundTrip } from '../catalogue/types.js';

/** One request live mode saw, with what it needs to spot provider quirks. */
export interface SeenRequest extends RoundTrip {
  /** `Content-Type` of the answer. */
  readonly contentType: string;
  /** A parsed JSON object body of a POST answer (token, registration, revocation), else undefined. */
  readonly json?: Record<string, unknown>;
  /** A non-JSON POST answer: `form` when it parses as form-encoded fields, else `other`. */
  readonly nonJson?: 'form' | 'other';
}

/** A fetch that records every round trip, and windows on the record per step. */
export interface Recorder {
  readonly fetch: FetchLike;
  readonly seen: SeenRequest[];
  /** Marks the start of a step; `since(mark)` returns what came after. */
  mark(): number;
  since(mark: number): SeenRequest[];
}

/** Guesses the endpoint a request went to, for the report. */
function endpointOf(url: URL, method: string): string {
  const path = url.pathname;
  if (path.includes('oauth-protected-resource')) return 'protected-resource-metadata';
  if (path.includes('oauth-authorization-server') || path.includes('openid-configuration')) {
    return 'authorization-server-metadata';
  }
  if (/revoc/i.test(path)) return 'revocation';
  if (/token/i.test(path) && method === 'POST') return 'token';
  if (/reg(ister)?/i.test(path) && method === 'POST') return 'registration';
  return method === 'POST' ? 'mcp' : 'other';
}

/**
 * Wraps fetch to record method, URL (no query), status and, for POST
 * answers, the body (read from a clone, so the caller's body is untouched).
 * Tokens never leave this process: the report keeps only field names and
 * OAuth error fields of bodies.
 */
export function recorder(base: FetchLike = globalThis.fetch): Recorder {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    const url = new URL(request.url);
    const method = request.method;
    const entry: { -readonly [K in keyof SeenRequest]?: SeenRequest[K] } = {
      server: url.origin,
      endpoint: endpointOf(url, method),
      method,
      url: `${url.origin}${url.pathname}`,
      status: 0,
      contentType: '',
    };
    seen.push(entry as SeenRequest);
    const response = await base(input, init);
    entry.status = response.status;
    entry.contentType = response.headers.get('content-type') ?? '';
    if (method === 'POST' && entry.endpoint !== 'mcp') {
      const text = await response
        .clone()
        .text()
        .catch(() => '');
      try {
        const body = JSON.parse(text) as unknown;
        if (body && typeof body === 'object' && !Array.isArray(body)) {
          entry.json = pickSafe(body as Record<string, unknown>);
        }
      } catch {
        // Never keep the raw text: a form-encoded success body carries tokens.
        const form = new URLSearchParams(text);
        const fields = Object.fromEntries(form);
        const isForm = text.length > 0 && !/[<\s]/.test(text.trim()) && form.size > 0;
        entry.nonJson = isForm ? 'form' : 'other';
        if (isForm) entry.json = pickSafe(fields);
      }
    }
    return response;
  };
  return {
    fetch,
    seen,
    mark: () => seen.length,
    since: (mark) => seen.slice(mark),
  };
}

/** Keeps OAuth error fields and the names (not values) of everything else. */
function pickSafe(body: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (
      [
        'error',
        'error_description',
        'error_uri',
        'ok',
        'token_type',
        'expires_in',
        'scope',
      ].includes(key)
    ) {
      safe[key] = value;
    } else {
      safe[key] = '[present]';
    }
  }
  return safe;
}
