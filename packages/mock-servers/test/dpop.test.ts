import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64url, type MockEnvironment, type MockEnvironmentOptions } from '../src/index.js';
import { basic, form, mock, useMsw } from './support.js';

useMsw();

/** A client's DPoP key and a proof maker (RFC 9449 §4.2). */
async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const proof = async (
    method: string,
    url: string,
    extra: { accessToken?: string; nonce?: string | undefined; htu?: string } = {},
  ) => {
    const ath = extra.accessToken
      ? base64url(
          await crypto.subtle.digest('SHA-256', new TextEncoder().encode(extra.accessToken)),
        )
      : undefined;
    return new SignJWT({
      htm: method,
      htu: extra.htu ?? url,
      iat: Math.floor(Date.now() / 1000),
      jti: crypto.randomUUID(),
      ...(ath ? { ath } : {}),
      ...(extra.nonce ? { nonce: extra.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(privateKey);
  };
  return { jwk, proof, jkt: await calculateJwkThumbprint(jwk) };
}

type Key = Awaited<ReturnType<typeof dpopKey>>;

const confidential = (options: MockEnvironmentOptions = {}) =>
  mock({ ...options, profile: ['confidential', ...([options.profile ?? []].flat() as never[])] });

async function grant(env: MockEnvironment, key: Key, nonce?: string) {
  return fetch(
    env.urls.token,
    form(
      { grant_type: 'client_credentials' },
      {
        authorization: basic('mock-client', 'mock-secret'),
        dpop: await key.proof('POST', env.urls.token, { nonce }),
      },
    ),
  );
}

async function call(
  env: MockEnvironment,
  key: Key,
  token: string,
  scheme = 'DPoP',
  nonce?: string,
) {
  return fetch(env.urls.mcp, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `${scheme} ${token}`,
      dpop: await key.proof('POST', env.urls.mcp, { accessToken: token, nonce }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
}

describe('DPoP', () => {
  it('binds the token to the proof key; the MCP server wants the DPoP scheme, ath and the same key', async () => {
    const env = confidential({ profile: 'dpop' });
    const key = await dpopKey();
    const response = await grant(env, key);
    const body = await response.json();
    expect(body.token_type).toBe('DPoP');
    expect(env.authorizationServer.inspect(body.access_token)?.jkt).toBe(key.jkt);
    expect((await call(env, key, body.access_token)).status).toBe(200);
    const asBearer = await call(env, key, body.access_token, 'Bearer');
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/);
    const other = await dpopKey();
    expect((await call(env, other, body.access_token)).status).toBe(401);
    // A proof without ath, for another URL, or replayed.
    const noAth = await fetch(env.urls.mcp, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DPoP ${body.access_token}`,
        dpop: await key.proof('POST', env.urls.mcp),
      },
      body: '{}',
    });
    expect(noAth.status).toBe(401);
    const proof = await key.proof('POST', env.urls.mcp, { accessToken: body.access_token });
    const send = () =>
      fetch(env.urls.mcp, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `DPoP ${body.access_token}`,
          dpop: proof,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
    expect((await send()).status).toBe(200);
    expect(await (await send()).json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('a token request with a proof for another URL is refused', async () => {
    const env = confidential({ profile: 'dpop' });
    const key = await dpopKey();
    const response = await fetch(
      env.urls.token,
      form(
        { grant_type: 'client_credentials' },
        {
          authorization: basic('mock-client', 'mock-secret'),
          dpop: await key.proof('POST', env.urls.token, { htu: env.urls.mcp }),
        },
      ),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('nonces: the token endpoint and the MCP server answer use_dpop_nonce with DPoP-Nonce, then accept it', async () => {
    const env = confidential({ profile: 'dpop-nonce' });
    const key = await dpopKey();
    const first = await grant(env, key);
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ error: 'use_dpop_nonce' });
    const nonce = first.headers.get('dpop-nonce') ?? '';
    expect(nonce).not.toBe('');
    const second = await grant(env, key, nonce);
    expect(second.status).toBe(200);
    expect(second.headers.get('dpop-nonce')).toBe(nonce);
    const { access_token } = await second.json();
    const unnonced = await call(env, key, access_token);
    expect(unnonced.status).toBe(401);
    expect(unnonced.headers.get('www-authenticate')).toMatch(/error="use_dpop_nonce"/);
    expect(
      (await call(env, key, access_token, 'DPoP', unnonced.headers.get('dpop-nonce') ?? '')).status,
    ).toBe(200);
  });

  it('never-settles: every nonce given is stale by the next request', async () => {
    const env = confidential({ profile: 'dpop-nonce-never-settles' });
    const key = await dpopKey();
    let nonce: string | undefined;
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await grant(env, key, nonce);
      expect(await response.json()).toMatchObject({ error: 'use_dpop_nonce' });
      nonce = response.headers.get('dpop-nonce') ?? '';
      seen.add(nonce);
    }
    expect(seen.size).toBe(3);
  });

  it('ignores-proof: advertised, but the token is Bearer and unbound', async () => {
    const env = confidential({ profile: 'dpop-ignores-proof' });
    const metadata = env.authorizationServer.metadata();
    expect(metadata.dpop_signing_alg_values_supported).toContain('ES256');
    const key = await dpopKey();
    const body = await (await grant(env, key)).json();
    expect(body.token_type).toBe('Bearer');
    expect((await call(env, key, body.access_token, 'Bearer')).status).toBe(200);
    expect((await call(env, key, body.access_token, 'DPoP')).status).toBe(401);
  });

  it("a public client's refresh token is bound to its key", async () => {
    const env = mock({ profile: 'dpop' });
    const key = await dpopKey();
    const tokens = env.authorizationServer.issueTokens({ refreshToken: true });
    const info = env.authorizationServer.inspect(tokens.access_token);
    if (info) info.grant.jkt = key.jkt;
    const refresh = async (with_: Key) =>
      fetch(
        env.urls.token,
        form(
          {
            grant_type: 'refresh_token',
            refresh_token: tokens.refresh_token,
            client_id: 'mock-client',
          },
          { dpop: await with_.proof('POST', env.urls.token) },
        ),
      );
    expect(await (await refresh(await dpopKey())).json()).toMatchObject({ error: 'invalid_grant' });
    const renewed = await (await refresh(key)).json();
    expect(renewed.token_type).toBe('DPoP');
  });
});
