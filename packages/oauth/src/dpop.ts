import type { FetchLike, Strategy } from '@mcp-oauth/core';

/** A `DPoP` challenge with `error="use_dpop_nonce"` in a `WWW-Authenticate` header. */
const NONCE_CHALLENGE = /(?:^|[\s,])DPoP\s[\s\S]*?\berror\s*=\s*"?use_dpop_nonce\b/i;

/**
 * A resource server's request for a nonce (RFC 9449 §9): 401 with
 * `WWW-Authenticate: DPoP error="use_dpop_nonce"` and a `DPoP-Nonce`
 * header to retry with (SPEC P3).
 */
export function isResourceNonceChallenge(response: Response): boolean {
  return (
    response.status === 401 &&
    response.headers.has('dpop-nonce') &&
    NONCE_CHALLENGE.test(response.headers.get('www-authenticate') ?? '')
  );
}

/**
 * An authorization server's request for a nonce (RFC 9449 §8): 400
 * `{"error":"use_dpop_nonce"}` with a `DPoP-Nonce` header (SPEC P3). Reads
 * a clone, so the caller can still read the body.
 */
export async function isTokenNonceChallenge(response: Response): Promise<boolean> {
  if (response.status !== 400 || !response.headers.has('dpop-nonce')) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: unknown } | undefined;
  return body?.error === 'use_dpop_nonce';
}

const urlOf = (input: string | URL | Request) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/**
 * The fetch for MCP requests (SPEC P2, P3, P5): when the strategy has DPoP
 * and the request's `Authorization: Bearer` token is DPoP-bound (its
 * `token_type` is `DPoP`), the token goes out as `Authorization: DPoP` with
 * a fresh proof carrying the token's `ath`; every `DPoP-Nonce` answer is
 * kept, and a `use_dpop_nonce` challenge is retried once with a new proof.
 * Anything else passes through unchanged; without DPoP this is `base`.
 */
export function dpopFetch(
  strategy: Pick<Strategy, 'dpop' | 'tokens'>,
  base: FetchLike = fetch,
): FetchLike {
  const prover = strategy.dpop;
  if (!prover) return base;
  // The type of the last token seen, so the strategy is asked once per token.
  let last: { token: string; bound: boolean } | undefined;
  return async (input, init) => {
    const headers = new Headers(
      init?.headers ?? (input instanceof Request ? input.headers : undefined),
    );
    const token = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
    if (!token) return base(input, init);
    if (last?.token !== token) {
      last = { token, bound: (await strategy.tokens())?.token_type === 'DPoP' };
    }
    if (!last.bound) return base(input, init);
    const url = urlOf(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    headers.set('Authorization', `DPoP ${token}`);
    for (let attempt = 0; ; attempt++) {
      headers.set('DPoP', await prover.proof({ method, url, accessToken: token }));
      const response = await base(input, { ...init, headers });
      prover.observe(url, response);
      if (attempt > 0 || !isResourceNonceChallenge(response)) return response;
      void response.body?.cancel().catch(() => {});
    }
  };
}
