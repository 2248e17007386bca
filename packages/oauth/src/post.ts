import {
  type DPoPProver,
  ErrorCode,
  type FetchLike,
  McpOAuthError,
  readOAuthJson,
} from '@mcp-oauth/core';
import type { ClientAuth } from './client-auth.js';
import { loadDiscovery } from './deferred.js';
import { isTokenNonceChallenge } from './dpop.js';

/** One credential-bearing POST to an authorization server endpoint. */
export interface CredentialRequest {
  /** The OAuth fetch (timeout, size cap, error normalisation). */
  readonly fetch: FetchLike;
  /** The endpoint: token, registration, revocation, device authorization. */
  readonly endpoint: string;
  /** The authorization server's issuer (the audience of client assertions). */
  readonly issuer: string;
  /** Form fields; `undefined` and empty values are left out. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** How the client authenticates; none for a request that carries no client credentials. */
  readonly clientAuth?: ClientAuth | undefined;
  /** Extra headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** DPoP: a proof on the request, and one retry with the server's nonce (SPEC P2, P3). */
  readonly dpop?: DPoPProver | undefined;
  /** What the endpoint is, for error messages. Default "token endpoint". */
  readonly purpose?: string | undefined;
  /** Development only: plain http to non-loopback hosts (SPEC D9). */
  readonly allowInsecure?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Refuses a redirect answer to a credential-bearing request (SPEC H1): the
 * code, refresh token, client secret or assertion would go wherever it
 * points.
 */
export function refuseRedirect(response: Response, endpoint: string, purpose: string): void {
  // Node's fetch returns the 3xx itself with `redirect: 'manual'`; browsers an opaque redirect.
  if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
    void response.body?.cancel().catch(() => {});
    throw new McpOAuthError(
      ErrorCode.Http,
      `The ${purpose} ${endpoint} answered with a redirect (HTTP ${response.status}); credentials are never sent to another address`,
      { status: response.status },
    );
  }
}

/**
 * POSTs a form with client authentication and never follows a redirect
 * (SPEC H1). With `dpop`, the request carries a proof, every `DPoP-Nonce`
 * is kept, and a `use_dpop_nonce` answer is retried once with a new proof
 * and freshly applied client authentication, so a client assertion is
 * never sent twice (SPEC P2, P3). Resolves with the response; the caller
 * reads the body.
 */
export async function postCredentials(request: CredentialRequest): Promise<Response> {
  const purpose = request.purpose ?? 'token endpoint';
  const { endpoint, dpop } = request;
  const { assertSecureUrl } = await loadDiscovery();
  assertSecureUrl(endpoint, { allowInsecure: request.allowInsecure ?? false, purpose });
  for (let attempt = 0; ; attempt++) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(request.params)) if (value) body.set(name, value);
    const headers = new Headers({
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      ...request.headers,
    });
    await request.clientAuth?.apply(body, headers, { issuer: request.issuer, endpoint });
    if (dpop) headers.set('DPoP', await dpop.proof({ method: 'POST', url: endpoint }));
    const response = await request.fetch(endpoint, {
      method: 'POST',
      headers,
      body: body.toString(),
      redirect: 'manual',
      ...(request.signal ? { signal: request.signal } : {}),
    });
    refuseRedirect(response, endpoint, purpose);
    if (!dpop) return response;
    dpop.observe(endpoint, response);
    if (attempt > 0 || !(await isTokenNonceChallenge(response))) return response;
  }
}

/**
 * {@link postCredentials}, then the JSON body: an OAuth error or a non-2xx
 * status throws an `OAuthResponseError` carrying the status.
 */
export async function postForJson(
  request: CredentialRequest,
): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await postCredentials(request);
  const body = await readOAuthJson<Record<string, unknown>>(response, request.endpoint);
  return { response, body };
}
