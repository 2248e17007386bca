import { describe, expect, it } from 'vitest';
import {
  decodeJwt,
  ID_JAG_TOKEN_TYPE,
  ID_JAG_TYP,
  ID_TOKEN_TYPE,
  JWT_BEARER,
  type MockEnvironment,
  TOKEN_EXCHANGE,
} from '../src/index.js';
import { basic, form, mock, pkce, REDIRECT_URI, rpc, useMsw } from './support.js';

useMsw();

async function idpLogin(env: MockEnvironment) {
  const { verifier, challenge } = await pkce();
  const url = new URL(env.urls.idpAuthorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'idp-client',
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    state: 's',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await fetch(url, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const location = new URL(redirect.headers.get('location') ?? '');
  expect(location.searchParams.get('iss')).toBe('https://idp.example.com');
  const response = await fetch(
    env.urls.idpToken,
    form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: 'idp-client',
    }),
  );
  return { response, verifier };
}

const exchangeFor = (env: MockEnvironment, idToken: string, extra: Record<string, string> = {}) =>
  fetch(
    env.urls.idpToken,
    form({
      grant_type: TOKEN_EXCHANGE,
      requested_token_type: ID_JAG_TOKEN_TYPE,
      subject_token: idToken,
      subject_token_type: ID_TOKEN_TYPE,
      audience: env.urls.issuer,
      resource: env.urls.mcp,
      scope: 'mcp:read',
      client_id: 'idp-client',
      ...extra,
    }),
  );

const jwtBearer = (
  env: MockEnvironment,
  assertion: string,
  auth = basic('mock-client', 'mock-secret'),
) => fetch(env.urls.token, form({ grant_type: JWT_BEARER, assertion }, { authorization: auth }));

describe('mock IdP', () => {
  it('serves OIDC discovery and a JWKS', async () => {
    const env = mock();
    const metadata = await (await fetch(env.urls.idpMetadata)).json();
    expect(metadata).toMatchObject({
      issuer: 'https://idp.example.com',
      token_endpoint: 'https://idp.example.com/token',
      jwks_uri: 'https://idp.example.com/jwks',
      grant_types_supported: ['authorization_code', TOKEN_EXCHANGE],
    });
    const jwks = await (await fetch(env.urls.idpJwks)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: 'mock-key-1' });
  });

  it('logs in with code + PKCE and returns a signed id_token with the nonce', async () => {
    const env = mock();
    const { response } = await idpLogin(env);
    const body = await response.json();
    const jwt = decodeJwt(body.id_token);
    expect(jwt?.header).toMatchObject({ alg: 'RS256', kid: 'mock-key-1' });
    expect(jwt?.claims).toMatchObject({
      iss: 'https://idp.example.com',
      aud: 'idp-client',
      sub: 'user-1',
      nonce: 'n-1',
    });
    // The signature verifies with the published JWKS.
    const [head, payload, signature] = body.id_token.split('.');
    const { keys } = await (await fetch(env.urls.idpJwks)).json();
    const key = await crypto.subtle.importKey(
      'jwk',
      keys[0],
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const sig = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
    expect(
      await crypto.subtle.verify(
        'RSASSA-PKCS1-v1_5',
        key,
        sig,
        new TextEncoder().encode(`${head}.${payload}`),
      ),
    ).toBe(true);
  });

  it('IdP codes are single-use', async () => {
    const env = mock();
    const { verifier, challenge } = await pkce();
    const redirect = await fetch(
      `${env.urls.idpAuthorization}?response_type=code&client_id=idp-client&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_challenge=${challenge}&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const redeem = () =>
      fetch(
        env.urls.idpToken,
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
          client_id: 'idp-client',
        }),
      );
    expect((await redeem()).status).toBe(200);
    const again = await redeem();
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe('invalid_grant');
  });

  it('refuses a PKCE mismatch at the IdP token endpoint', async () => {
    const env = mock();
    const { challenge } = await pkce();
    const redirect = await fetch(
      `${env.urls.idpAuthorization}?response_type=code&client_id=idp-client&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_challenge=${challenge}&code_challenge_method=S256`,
      { redirect: 'manual' },
    );
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const response = await fetch(
      env.urls.idpToken,
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: (await pkce()).verifier,
        client_id: 'idp-client',
      }),
    );
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('requires the IdP client secret when one is configured', async () => {
    const env = mock({ idp: { clientSecret: 'idp-secret' } });
    const idToken = await env.idp.issueIdToken();
    expect((await exchangeFor(env, idToken)).status).toBe(401);
    expect((await exchangeFor(env, idToken, { client_secret: 'idp-secret' })).status).toBe(200);
  });
});

describe('cross-app access: RFC 8693 exchange for an ID-JAG, then RFC 7523 at the AS', () => {
  it('runs the whole chain and the MCP server accepts the access token', async () => {
    const env = mock({ profile: 'confidential' });
    const { response } = await idpLogin(env);
    const { id_token } = await response.json();
    const exchanged = await exchangeFor(env, id_token);
    expect(exchanged.status).toBe(200);
    const body = await exchanged.json();
    expect(body).toMatchObject({
      issued_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
      token_type: 'N_A',
      expires_in: 300,
      scope: 'mcp:read',
    });
    const jag = decodeJwt(body.access_token);
    expect(jag?.header.typ).toBe(ID_JAG_TYP);
    expect(jag?.claims).toMatchObject({
      iss: 'https://idp.example.com',
      aud: 'https://auth.example.com',
      client_id: 'mock-client',
      resource: 'https://mcp.example.com/mcp',
      sub: 'user-1',
    });
    const granted = await jwtBearer(env, body.access_token);
    expect(granted.status).toBe(200);
    const tokens = await granted.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'mcp:read' });
    expect(tokens).not.toHaveProperty('refresh_token');
    expect((await rpc(env, 'tools/list', {}, tokens.access_token)).status).toBe(200);
    const replay = await jwtBearer(env, body.access_token);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'assertion already used',
    });
    expect(env.requests.count({ server: 'idp' })).toBe(3);
    expect(env.requests.last('idp-token')?.params.requested_token_type).toBe(ID_JAG_TOKEN_TYPE);
  });

  it('refuses an expired or forged id_token and a foreign audience', async () => {
    const env = mock();
    const expired = await env.idp.issueIdToken({ expiresIn: -1 });
    expect((await (await exchangeFor(env, expired)).json()).error).toBe('invalid_grant');
    const forged = `${(await env.idp.issueIdToken()).slice(0, -4)}AAAA`;
    expect((await (await exchangeFor(env, forged)).json()).error).toBe('invalid_grant');
    const valid = await env.idp.issueIdToken();
    const foreign = await exchangeFor(env, valid, { audience: 'https://other.example.com' });
    expect((await foreign.json()).error).toBe('invalid_target');
    const wrongType = await exchangeFor(env, valid, {
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect((await wrongType.json()).error).toBe('invalid_request');
  });

  it('the AS refuses an expired ID-JAG, one for another client, and a non-ID-JAG JWT', async () => {
    const env = mock({ client: { authMethod: 'client_secret_basic' }, idJagTtl: 60 });
    const idToken = await env.idp.issueIdToken();
    const jag = (await (await exchangeFor(env, idToken)).json()).access_token;
    const other = await (
      await fetch(env.urls.registration, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [REDIRECT_URI],
          token_endpoint_auth_method: 'client_secret_post',
        }),
      })
    ).json();
    const wrongClient = await fetch(
      env.urls.token,
      form({
        grant_type: JWT_BEARER,
        assertion: jag,
        client_id: other.client_id,
        client_secret: other.client_secret,
      }),
    );
    expect((await wrongClient.json()).error_description).toBe(
      'assertion was issued to another client',
    );
    const notJag = await jwtBearer(env, idToken);
    expect((await notJag.json()).error_description).toBe(`assertion typ must be ${ID_JAG_TYP}`);
    env.advanceTime(60_000);
    expect((await (await jwtBearer(env, jag)).json()).error_description).toBe('assertion expired');
  });
});
