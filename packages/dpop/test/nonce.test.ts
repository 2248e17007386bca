import { ErrorCode, type FetchLike, OAuthResponseError } from '@mcp-oauth/core';
import {
  dpopFetch,
  isResourceNonceChallenge,
  isTokenNonceChallenge,
  noClientAuth,
  privateKeyJwt,
  requestToken,
} from '@mcp-oauth/oauth';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { dpop } from '../src/index.js';
import { target, verifyProof } from './support/target.js';

const TOKEN = 'https://as.example.com/token';
const MCP = 'https://mcp.example.com/mcp';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

/** A fetch that answers from a script and keeps every request it saw. */
function scripted(answers: Array<(request: Request) => Response>) {
  const seen: Request[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    seen.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request to ${request.url}`);
    return answer(request);
  };
  return { fetch, seen };
}

const proofOf = (request: Request) => decodeJwt(request.headers.get('dpop') ?? '');

describe('nonces', () => {
  it('[P3] are kept per origin and updated from every DPoP-Nonce header', async () => {
    const prover = dpop().forServer(target());
    const nonceIn = async (url: string) =>
      (await verifyProof(await prover.proof({ method: 'POST', url }))).claims.nonce;
    expect(await nonceIn(TOKEN)).toBeUndefined();
    prover.observe(TOKEN, new Response(null, { headers: { 'DPoP-Nonce': 'as-1' } }));
    prover.observe(MCP, new Response(null, { headers: { 'DPoP-Nonce': 'rs-1' } }));
    expect(await nonceIn('https://as.example.com/other/path?x')).toBe('as-1');
    expect(await nonceIn(MCP)).toBe('rs-1');
    expect(await nonceIn('https://third.example.com/token')).toBeUndefined();
    // A success answer may carry the next nonce (RFC 9449 §8.2): newest wins.
    prover.observe(TOKEN, json(200, {}, { 'DPoP-Nonce': 'as-2' }));
    expect(await nonceIn(TOKEN)).toBe('as-2');
    // No header, or one that is not a nonce, leaves the nonce as it was.
    prover.observe(TOKEN, new Response(null));
    prover.observe(TOKEN, new Response(null, { headers: { 'DPoP-Nonce': 'bad"nonce' } }));
    expect(await nonceIn(TOKEN)).toBe('as-2');
  });

  it('[P3] a token endpoint use_dpop_nonce is retried once with the nonce and a new proof', async () => {
    const prover = dpop().forServer(target());
    const { fetch, seen } = scripted([
      () => json(400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'n-1' }),
      () => json(200, { access_token: 'at', token_type: 'DPoP' }, { 'DPoP-Nonce': 'n-2' }),
    ]);
    const response = await requestToken({
      fetch,
      endpoint: TOKEN,
      issuer: 'https://as.example.com',
      clientAuth: noClientAuth('client'),
      params: { grant_type: 'authorization_code', code: 'c' },
      dpop: prover,
    });
    expect(response.token_type).toBe('DPoP');
    expect(seen).toHaveLength(2);
    expect(proofOf(seen[0]!).nonce).toBeUndefined();
    expect(proofOf(seen[1]!).nonce).toBe('n-1');
    expect(proofOf(seen[1]!).jti).not.toBe(proofOf(seen[0]!).jti);
    expect(await seen[1]!.text()).toBe('grant_type=authorization_code&code=c&client_id=client');
    // The nonce of the last answer is the one the next proof carries.
    expect(
      (await verifyProof(await prover.proof({ method: 'POST', url: TOKEN }))).claims.nonce,
    ).toBe('n-2');
  });

  it('[P3] the retry applies client authentication again: a client assertion is never sent twice', async () => {
    const prover = dpop().forServer(target());
    const { fetch, seen } = scripted([
      () => json(400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'n-1' }),
      () => json(200, { access_token: 'at', token_type: 'DPoP' }),
    ]);
    let signed = 0;
    await requestToken({
      fetch,
      endpoint: TOKEN,
      issuer: 'https://as.example.com',
      clientAuth: privateKeyJwt('client', async (claims) => `assertion-${++signed}-${claims.jti}`),
      params: { grant_type: 'client_credentials' },
      dpop: prover,
    });
    const assertions = await Promise.all(
      seen.map(async (r) => new URLSearchParams(await r.text()).get('client_assertion')),
    );
    expect(signed).toBe(2);
    expect(assertions[0]).not.toBe(assertions[1]);
  });

  it('[P3] is retried once only: a second use_dpop_nonce is the OAuth error', async () => {
    const prover = dpop().forServer(target());
    const { fetch, seen } = scripted([
      () => json(400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'n-1' }),
      () => json(400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'n-2' }),
    ]);
    const error = await requestToken({
      fetch,
      endpoint: TOKEN,
      issuer: 'https://as.example.com',
      params: { grant_type: 'client_credentials' },
      dpop: prover,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'use_dpop_nonce',
      status: 400,
    });
    expect(seen).toHaveLength(2);
  });

  it('[P3] a 400 without a DPoP-Nonce header, or another error, is not retried', async () => {
    expect(await isTokenNonceChallenge(json(400, { error: 'use_dpop_nonce' }))).toBe(false);
    expect(
      await isTokenNonceChallenge(json(400, { error: 'invalid_grant' }, { 'DPoP-Nonce': 'n' })),
    ).toBe(false);
    expect(
      await isTokenNonceChallenge(json(400, { error: 'use_dpop_nonce' }, { 'DPoP-Nonce': 'n' })),
    ).toBe(true);
  });

  it('[P3] a resource use_dpop_nonce 401 is recognised by its DPoP challenge and nonce', () => {
    const challenge = (www: string, nonce = 'n') =>
      new Response(null, {
        status: 401,
        headers: { 'WWW-Authenticate': www, ...(nonce ? { 'DPoP-Nonce': nonce } : {}) },
      });
    expect(isResourceNonceChallenge(challenge('DPoP error="use_dpop_nonce"'))).toBe(true);
    expect(
      isResourceNonceChallenge(
        challenge('Bearer realm="x", DPoP algs="ES256", error="use_dpop_nonce"'),
      ),
    ).toBe(true);
    expect(isResourceNonceChallenge(challenge('DPoP error="use_dpop_nonce"', ''))).toBe(false);
    expect(isResourceNonceChallenge(challenge('DPoP error="invalid_token"'))).toBe(false);
    expect(isResourceNonceChallenge(challenge('Bearer error="use_dpop_nonce"'))).toBe(false);
  });

  it('[P3] an MCP request refused with use_dpop_nonce is sent again once, with the nonce', async () => {
    const prover = dpop().forServer(target());
    const strategy = {
      dpop: prover,
      tokens: async () => ({ access_token: 'bound', token_type: 'DPoP' as const }),
    };
    const challenge = () =>
      new Response(null, {
        status: 401,
        headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'rs-1' },
      });
    const { fetch, seen } = scripted([
      challenge,
      () => json(200, { ok: true }),
      challenge,
      challenge,
    ]);
    const send = dpopFetch(strategy, fetch);
    const init = { method: 'POST', headers: { Authorization: 'Bearer bound' }, body: '{}' };
    expect((await send(MCP, init)).status).toBe(200);
    expect(seen.map((r) => proofOf(r).nonce)).toEqual([undefined, 'rs-1']);
    expect(await seen[1]!.text()).toBe('{}');
    // Still refused after the retry: the 401 goes to the caller (the binding's challenge path).
    expect((await send(MCP, init)).status).toBe(401);
    expect(seen).toHaveLength(4);
  });
});
