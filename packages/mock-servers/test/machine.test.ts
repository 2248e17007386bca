import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLIENT_ASSERTION_TYPE, type MockEnvironment } from '../src/index.js';
import { basic, form, login, mock, rpc, useMsw } from './support.js';

useMsw();

const token = (env: MockEnvironment, params: Record<string, string | undefined>, headers = {}) =>
  fetch(env.urls.token, form(params, headers));

async function keyClient(alg: 'ES256' | 'RS256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: `key-${alg}`, alg };
  const env = mock({
    profile: 'machine-only',
    client: { clientId: 'machine', authMethod: 'private_key_jwt', jwks: { keys: [jwk] } },
  });
  const now = Math.floor(Date.now() / 1000);
  const assertion = (claims: Record<string, unknown> = {}) =>
    new SignJWT({
      iss: 'machine',
      sub: 'machine',
      aud: env.urls.issuer,
      iat: now,
      exp: now + 60,
      jti: crypto.randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg, kid: jwk.kid })
      .sign(privateKey);
  return { env, assertion };
}

describe('client credentials grant', () => {
  it('issues an access token and no refresh token to a client_secret_basic client; the MCP server accepts it', async () => {
    const env = mock({ profile: 'confidential' });
    const response = await token(
      env,
      { grant_type: 'client_credentials', scope: 'mcp:read', resource: env.urls.mcp },
      { authorization: basic('mock-client', 'mock-secret') },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'mcp:read' });
    expect(body.refresh_token).toBeUndefined();
    expect((await rpc(env, 'tools/list', {}, body.access_token)).status).toBe(200);
  });

  it('refuses a public client, a wrong secret and an unknown scope', async () => {
    const env = mock({ profile: 'pre-registered' });
    const publicClient = await token(env, {
      grant_type: 'client_credentials',
      client_id: 'mock-client',
    });
    expect(await publicClient.json()).toMatchObject({ error: 'unauthorized_client' });
    const confidential = mock({ profile: 'confidential-post' });
    const wrong = await token(confidential, {
      grant_type: 'client_credentials',
      client_id: 'mock-client',
      client_secret: 'nope',
    });
    expect(wrong.status).toBe(401);
    const scope = await token(confidential, {
      grant_type: 'client_credentials',
      client_id: 'mock-client',
      client_secret: 'mock-secret',
      scope: 'admin',
    });
    expect(await scope.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it.each(['ES256', 'RS256', 'EdDSA'] as const)(
    'private_key_jwt with %s: a valid assertion once; a replayed, expired, foreign-audience or unsigned one is refused',
    async (alg) => {
      const { env, assertion } = await keyClient(alg);
      const grant = (clientAssertion: string) =>
        token(env, {
          grant_type: 'client_credentials',
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: clientAssertion,
        });
      const first = await assertion();
      expect((await grant(first)).status).toBe(200);
      expect((await grant(first)).status).toBe(401);
      expect(
        (await grant(await assertion({ exp: Math.floor(Date.now() / 1000) - 60 }))).status,
      ).toBe(401);
      expect((await grant(await assertion({ aud: 'https://elsewhere.example.com' }))).status).toBe(
        401,
      );
      const [header, payload] = first.split('.');
      expect((await grant(`${header}.${payload}.`)).status).toBe(401);
    },
  );

  it('private_key_jwt cannot be combined with a secret', async () => {
    const { env, assertion } = await keyClient('ES256');
    const response = await token(
      env,
      {
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await assertion(),
      },
      { authorization: basic('machine', 'x') },
    );
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('machine-only server', () => {
  it('advertises no authorization endpoint and refuses the code grant', async () => {
    const env = mock({ profile: 'machine-only' });
    const metadata = await (await fetch(env.urls.authorizationServerMetadata)).json();
    expect(metadata.authorization_endpoint).toBeUndefined();
    expect(metadata.grant_types_supported).not.toContain('authorization_code');
    expect(metadata.grant_types_supported).toContain('client_credentials');
    const code = await token(env, {
      grant_type: 'authorization_code',
      client_id: 'mock-client',
      code: 'x',
    });
    expect(await code.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('workload identity (RFC 7523 jwt-bearer with a platform token)', () => {
  const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

  it('grants to a valid platform token without client authentication, reusable until it expires', async () => {
    const env = mock();
    const assertion = await env.workload.issueToken({ ttl: 600 });
    const grant = () => token(env, { grant_type: JWT_BEARER, assertion, resource: env.urls.mcp });
    const first = await grant();
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.refresh_token).toBeUndefined();
    expect((await rpc(env, 'tools/list', {}, body.access_token)).status).toBe(200);
    expect((await grant()).status).toBe(200);
    env.advanceTime(601_000);
    expect(await (await grant()).json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'workload token expired',
    });
  });

  it('refuses a token for another audience or from an untrusted issuer', async () => {
    const env = mock();
    const foreign = await env.workload.issueToken({ audience: 'https://other.example.com' });
    expect(
      await (await token(env, { grant_type: JWT_BEARER, assertion: foreign })).json(),
    ).toMatchObject({
      error: 'invalid_grant',
    });
    const idToken = await env.idp.issueIdToken();
    expect((await token(env, { grant_type: JWT_BEARER, assertion: idToken })).status).toBe(401);
  });

  it('the code grant still needs a client', async () => {
    const env = mock();
    const { status } = await login(env);
    expect(status).toBe(200);
    expect(await (await token(env, { grant_type: 'client_credentials' })).json()).toMatchObject({
      error: 'invalid_client',
    });
  });
});
