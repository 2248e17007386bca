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
  /**
   * The shape of an access token the answer carried, never the token: `jwt`
   * (three dot-separated parts, RFC 7515 compact), `jwe` (five, RFC 7516:
   * what Auth0 issues for its own /userinfo when no audience was asked for)
   * or `opaque`.
   */
  readonly accessTokenFormat?: AccessTokenFormat;
}

/** How an access token looks from outside; see {@link SeenRequest.accessTokenFormat}. */
export type AccessTokenFormat = 'jwt' | 'jwe' | 'opaque';

/** The compact serialisation's part count tells a JWS (3) from a JWE (5); anything else is opaque. */
function formatOf(token: string): AccessTokenFormat {
  const parts = token.split('.').length;
  return parts === 3 ? 'jwt' : parts === 5 ? 'jwe' : 'opaque';
}

/**
 * A refresh token the token endpoint issued in this run, with the client it
 * was issued to, so sign-out can revoke every grant the run obtained (a
 * step-up registers a new client, SPEC A1, and leaves the first grant
 * behind). Held in memory only: never written to a report.
 */
export interface ObtainedRefreshToken {
  readonly refreshToken: string;
  readonly tokenEndpoint: string;
  /** From the request body or its `Authorization: Basic` header. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** How the client authenticated: `Authorization: Basic`, the secret in the body, or its id alone. */
  readonly clientAuth?: 'basic' | 'post' | 'none';
  /** The grant the token came from: `authorization_code`, `refresh_token`, … */
  readonly grantType?: string;
}

/** A fetch that records every round trip, and windows on the record per step. */
export interface Recorder {
  readonly fetch: FetchLike;
  readonly seen: SeenRequest[];
  /** Marks the start of a step; `since(mark)` returns what came after. */
  mark(): number;
  since(mark: number): SeenRequest[];
  /** Every refresh token issued so far, in order (in memory only). */
  refreshTokens(): readonly ObtainedRefreshToken[];
  /**
   * Names the endpoints the metadata lists, so requests to them are
   * recognised whatever their path (Slack's token endpoint is
   * `/api/oauth.v2.access`).
   */
  learn(endpoints: Readonly<Record<string, string | undefined>>): void;
}

/** Guesses the endpoint a request went to, for the report, unless the metadata named it. */
function endpointOf(url: URL, method: string, known: ReadonlyMap<string, string>): string {
  const named = known.get(`${url.origin}${url.pathname}`);
  if (named && method === 'POST') return named;
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
  const obtained: ObtainedRefreshToken[] = [];
  const known = new Map<string, string>();
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    const url = new URL(request.url);
    const method = request.method;
    const entry: { -readonly [K in keyof SeenRequest]?: SeenRequest[K] } = {
      server: url.origin,
      endpoint: endpointOf(url, method, known),
      method,
      url: `${url.origin}${url.pathname}`,
      status: 0,
      contentType: '',
    };
    seen.push(entry as SeenRequest);
    const sent = entry.endpoint === 'token' ? await clientOf(request) : undefined;
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
          const accessToken = (body as { access_token?: unknown }).access_token;
          if (typeof accessToken === 'string' && accessToken) {
            entry.accessTokenFormat = formatOf(accessToken);
          }
          const refreshToken = (body as { refresh_token?: unknown }).refresh_token;
          if (sent && response.ok && typeof refreshToken === 'string' && refreshToken) {
            obtained.push({ refreshToken, tokenEndpoint: entry.url!, ...sent });
          }
        }
      } catch {
        // Never keep the raw text: a form-encoded success body carries tokens.
        const form = new URLSearchParams(text);
        const fields = Object.fromEntries(form);
        const isForm = text.length > 0 && !/[<\s]/.test(text.trim()) && form.size > 0;
        entry.nonJson = isForm ? 'form' : 'other';
        if (isForm) entry.json = pickSafe(fields);
        const accessToken = isForm ? form.get('access_token') : null;
        if (accessToken) entry.accessTokenFormat = formatOf(accessToken);
        const refreshToken = form.get('refresh_token');
        if (sent && isForm && response.ok && refreshToken) {
          obtained.push({ refreshToken, tokenEndpoint: entry.url!, ...sent });
        }
      }
    }
    return response;
  };
  return {
    fetch,
    seen,
    mark: () => seen.length,
    since: (mark) => seen.slice(mark),
    refreshTokens: () => [...obtained],
    learn(endpoints) {
      for (const [name, at] of Object.entries(endpoints)) {
        if (!at) continue;
        try {
          const url = new URL(at);
          known.set(`${url.origin}${url.pathname}`, name);
        } catch {
          // Not a URL: discovery refuses such metadata before anything is sent there.
        }
      }
    },
  };
}

/** RFC 6749 §2.3.1: the Basic credentials are form-urlencoded before base64. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** The client a token request authenticated as, and its grant type, read from a copy of the request. */
async function clientOf(
  request: Request,
): Promise<Omit<ObtainedRefreshToken, 'refreshToken' | 'tokenEndpoint'>> {
  const form = new URLSearchParams(
    await request
      .clone()
      .text()
      .catch(() => ''),
  );
  const out: { -readonly [K in keyof ObtainedRefreshToken]?: ObtainedRefreshToken[K] } = {};
  const grantType = form.get('grant_type');
  if (grantType) out.grantType = grantType;
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (basic) {
    try {
      const decoded = atob(basic);
      const colon = decoded.indexOf(':');
      out.clientId = formDecode(decoded.slice(0, colon));
      out.clientSecret = formDecode(decoded.slice(colon + 1));
      out.clientAuth = 'basic';
      return out;
    } catch {
      // Not Basic credentials after all; fall back to the body.
    }
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  if (id) out.clientId = id;
  if (secret) out.clientSecret = secret;
  if (id) out.clientAuth = secret ? 'post' : 'none';
  return out;
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
