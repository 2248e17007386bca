import { type FetchLike, McpOAuthError, serverKey } from '@mcp-oauth/core';
import {
  applyTokenResponse,
  createStrategyContext,
  requestToken,
  tokensOf,
  withRefresher,
} from '@mcp-oauth/oauth';
import { memoryStore } from '@mcp-oauth/store-memory';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { DPOP_UNSUPPORTED, DPoPUnsupportedError, dpop } from '../src/index.js';
import { manualClock, recordingLogger, SERVER, target } from './support/target.js';

const TOKEN = 'https://as.example.com/token';

const answering =
  (body: Record<string, unknown>, seen: Request[] = []): FetchLike =>
  async (input, init) => {
    seen.push(new Request(input, init));
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

const tokenRequest = (fetch: FetchLike, prover = dpop().forServer(target())) =>
  requestToken({
    fetch,
    endpoint: TOKEN,
    issuer: 'https://as.example.com',
    params: { grant_type: 'authorization_code', code: 'c' },
    dpop: prover,
  });

describe('token types', () => {
  it('[P4] a token_type DPoP answer is bound to the key: stored as DPoP and handed out as DPoP', async () => {
    const response = await tokenRequest(answering({ access_token: 'at', token_type: 'dpop' }));
    expect(response.token_type).toBe('DPoP');
    const record = applyTokenResponse({ dpopKey: { alg: 'ES256' } }, response, 0);
    expect(record).toMatchObject({
      accessToken: 'at',
      tokenType: 'DPoP',
      dpopKey: { alg: 'ES256' },
    });
    expect(tokensOf(record, 0)).toEqual({ access_token: 'at', token_type: 'DPoP' });
  });

  it('[P4] a server without DPoP gets plain Bearer tokens: the type is not inherited from the token it replaces', async () => {
    const logger = recordingLogger();
    const prover = dpop().forServer(target(undefined, { logger }));
    const response = await tokenRequest(
      answering({ access_token: 'plain', token_type: 'Bearer' }),
      prover,
    );
    expect(response.token_type).toBe('Bearer');
    const record = applyTokenResponse({ accessToken: 'old', tokenType: 'DPoP' }, response, 0);
    expect(record).not.toHaveProperty('tokenType');
    expect(tokensOf(record, 0)).toEqual({ access_token: 'plain', token_type: 'Bearer' });
    expect(logger.lines.join('\n')).toMatch(/issued a Bearer token: not DPoP-bound/);
  });

  it('[P4] with required: true a Bearer answer is a DPoPUnsupportedError, and nothing of it is returned', async () => {
    const prover = dpop({ required: true }).forServer(target());
    const error = await tokenRequest(
      answering({
        access_token: 'plain-at-secret',
        token_type: 'Bearer',
        refresh_token: 'rt-secret',
      }),
      prover,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DPoPUnsupportedError);
    expect(error).toBeInstanceOf(McpOAuthError);
    expect(error).toMatchObject({ code: DPOP_UNSUPPORTED, endpoint: TOKEN, tokenType: 'Bearer' });
    expect(DPOP_UNSUPPORTED).toBe('DPOP_UNSUPPORTED');
    expect((error as Error).message).toBe(
      'The token endpoint https://as.example.com/token issued a Bearer token, not a DPoP-bound one, and dpop({ required: true }) refuses it. Use an authorization server that supports DPoP (RFC 9449), or drop required to accept Bearer tokens from it.',
    );
    expect((error as Error).message).not.toMatch(/secret/);
  });

  it('[P4] without dpop a DPoP answer is refused, as before', async () => {
    const error = await requestToken({
      fetch: answering({ access_token: 'at', token_type: 'DPoP' }),
      endpoint: TOKEN,
      issuer: 'https://as.example.com',
      params: { grant_type: 'authorization_code', code: 'c' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('[P4] [P5] a refresh sends a proof signed with the key the tokens are bound to, and keeps them DPoP', async () => {
    const store = memoryStore();
    const clock = manualClock();
    const seen: Request[] = [];
    const ctx = withRefresher(
      createStrategyContext('test()', {
        server: SERVER,
        store,
        clock,
        fetch: answering(
          { access_token: 'at-2', token_type: 'DPoP', refresh_token: 'rt-2', expires_in: 3600 },
          seen,
        ),
        dpop: dpop(),
      }),
      async () => ({ client_id: 'public-client' }),
    );
    const key = await serverKey(SERVER);
    // The login: a proof made the key, and the AS bound the tokens to it.
    await ctx.dpop!.proof({ method: 'POST', url: TOKEN });
    await ctx.records.update(key, (record) => ({
      ...applyTokenResponse(
        record,
        { access_token: 'at-1', token_type: 'DPoP', refresh_token: 'rt-1', expires_in: 60 },
        clock.now(),
      ),
      issuer: 'https://as.example.com',
      tokenEndpoint: TOKEN,
    }));
    const stored = (await ctx.records.get(key))?.dpopKey as JWK;
    // The server refused at-1: renew it now.
    const tokens = await ctx.refresh({ rejected: 'at-1' });
    expect(tokens).toMatchObject({ access_token: 'at-2', token_type: 'DPoP' });
    expect(seen).toHaveLength(1);
    const header = decodeProtectedHeader(seen[0]!.headers.get('dpop')!);
    expect(await calculateJwkThumbprint(header.jwk as JWK)).toBe(
      await calculateJwkThumbprint(stored),
    );
    expect(await ctx.records.get(key)).toMatchObject({ tokenType: 'DPoP', refreshToken: 'rt-2' });
  });

  it('[P5] createStrategyContext refuses a dpop option that is not a dpop() value', () => {
    expect(() =>
      createStrategyContext('test()', {
        server: SERVER,
        store: memoryStore(),
        dpop: { required: true } as never,
      }),
    ).toThrow(
      new TypeError('test() requires options.dpop to be a value from dpop() (@mcp-oauth/dpop)'),
    );
    const ctx = createStrategyContext('test()', { server: SERVER, store: memoryStore() });
    expect(ctx.dpop).toBeUndefined();
  });
});
