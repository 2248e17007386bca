import { describe, expect, it } from 'vitest';
import type { MockEnvironment } from '../src/index.js';
import {
  authorize,
  basic,
  form,
  mock,
  pkce,
  REDIRECT_URI,
  register,
  rpc,
  useMsw,
} from './support.js';

useMsw();

async function codeFor(env: MockEnvironment, clientId: string, extra: Record<string, string> = {}) {
  const { verifier, challenge } = await pkce();
  const location = await authorize(env, {
    client_id: clientId,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return { code: location.searchParams.get('code') ?? '', verifier };
}

const exchange = (env: MockEnvironment, params: Record<string, string | undefined>, headers = {}) =>
  fetch(
    env.urls.token,
    form({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, ...params }, headers),
  );

describe('token endpoint: authorization_code', () => {
  it('issues tokens when the PKCE verifier matches', async () => {
    const env = mock();
    const client = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id, {
      scope: 'mcp:read mcp:write',
    });
    const response = await exchange(env, {
      code,
      code_verifier: verifier,
      client_id: client.client_id,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'mcp:read mcp:write',
      expires_in: 3600,
    });
    expect(body.refresh_token).toMatch(/^rt_/);
    expect(env.authorizationServer.isActive(body.access_token)).toBe(true);
  });

  it('refuses a PKCE mismatch with invalid_grant', async () => {
    const env = mock();
    const client = await register(env);
    const { code } = await codeFor(env, client.client_id);
    const other = await pkce();
    const response = await exchange(env, {
      code,
      code_verifier: other.verifier,
      client_id: client.client_id,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'PKCE verification failed',
    });
  });

  it('refuses a missing verifier', async () => {
    const env = mock();
    const client = await register(env);
    const { code } = await codeFor(env, client.client_id);
    const response = await exchange(env, { code, client_id: client.client_id });
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri that differs from the authorize request', async () => {
    const env = mock();
    const client = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id);
    const response = await exchange(env, {
      code,
      code_verifier: verifier,
      client_id: client.client_id,
      redirect_uri: 'http://127.0.0.1:9999/callback',
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('codes are single-use, and a replay revokes the tokens the code produced', async () => {
    const env = mock();
    const client = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id);
    const first = await (
      await exchange(env, { code, code_verifier: verifier, client_id: client.client_id })
    ).json();
    const replay = await exchange(env, {
      code,
      code_verifier: verifier,
      client_id: client.client_id,
    });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error_description).toBe('authorization code already used');
    expect((await rpc(env, 'ping', {}, first.access_token)).status).toBe(401);
  });

  it('codes expire after codeTtl on the mock clock', async () => {
    const env = mock({ codeTtl: 10 });
    const client = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id);
    env.advanceTime(10_000);
    const response = await exchange(env, {
      code,
      code_verifier: verifier,
      client_id: client.client_id,
    });
    expect((await response.json()).error_description).toBe('authorization code expired');
  });

  it('a code is bound to its client', async () => {
    const env = mock();
    const client = await register(env);
    const thief = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id);
    const response = await exchange(env, {
      code,
      code_verifier: verifier,
      client_id: thief.client_id,
    });
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('records the resource, binds the tokens to it and refuses another one', async () => {
    const env = mock();
    const client = await register(env);
    const a = await codeFor(env, client.client_id, { resource: env.urls.mcp });
    const ok = await (
      await exchange(env, {
        code: a.code,
        code_verifier: a.verifier,
        client_id: client.client_id,
        resource: env.urls.mcp,
      })
    ).json();
    expect(env.authorizationServer.inspect(ok.access_token)?.grant.resource).toBe(env.urls.mcp);
    expect(env.requests.last('token')?.params.resource).toBe(env.urls.mcp);
    const b = await codeFor(env, client.client_id, { resource: env.urls.mcp });
    const bad = await exchange(env, {
      code: b.code,
      code_verifier: b.verifier,
      client_id: client.client_id,
      resource: 'https://other.example.com/mcp',
    });
    expect((await bad.json()).error).toBe('invalid_target');
  });

  it('no-refresh-token issues no refresh token', async () => {
    const env = mock({ profile: 'no-refresh-token' });
    const client = await register(env);
    const { code, verifier } = await codeFor(env, client.client_id);
    const body = await (
      await exchange(env, { code, code_verifier: verifier, client_id: client.client_id })
    ).json();
    expect(body.access_token).toBeTruthy();
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('refuses a body that is not form-encoded', async () => {
    const env = mock();
    const response = await fetch(env.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: 'mock-client',
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toBe(
      'body must be application/x-www-form-urlencoded',
    );
  });

  it('refuses unsupported grant types', async () => {
    const env = mock();
    const client = await register(env);
    const response = await fetch(
      env.urls.token,
      form({ grant_type: 'password', client_id: client.client_id }),
    );
    expect((await response.json()).error).toBe('unsupported_grant_type');
  });
});

describe('token endpoint: client authentication', () => {
  it('confidential (client_secret_basic) needs the Basic header with the right secret', async () => {
    const env = mock({ profile: 'confidential' });
    const { client_id, client_secret = '' } = env.authorizationServer.client;
    expect(env.authorizationServer.client.token_endpoint_auth_method).toBe('client_secret_basic');
    const a = await codeFor(env, client_id);
    const wrong = await exchange(
      env,
      { code: a.code, code_verifier: a.verifier },
      { authorization: basic(client_id, 'nope') },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    expect((await wrong.json()).error).toBe('invalid_client');
    const b = await codeFor(env, client_id);
    const inBody = await exchange(env, {
      code: b.code,
      code_verifier: b.verifier,
      client_id,
      client_secret,
    });
    expect((await inBody.json()).error).toBe('invalid_client');
    const c = await codeFor(env, client_id);
    const ok = await exchange(
      env,
      { code: c.code, code_verifier: c.verifier },
      { authorization: basic(client_id, client_secret) },
    );
    expect(ok.status).toBe(200);
  });

  it('confidential-post needs client_secret in the body', async () => {
    const env = mock({
      profile: 'confidential-post',
      client: { clientId: 'app', clientSecret: 's3cret' },
    });
    const a = await codeFor(env, 'app');
    const ok = await exchange(env, {
      code: a.code,
      code_verifier: a.verifier,
      client_id: 'app',
      client_secret: 's3cret',
    });
    expect(ok.status).toBe(200);
    const b = await codeFor(env, 'app');
    const basicAuth = await exchange(
      env,
      { code: b.code, code_verifier: b.verifier },
      { authorization: basic('app', 's3cret') },
    );
    expect(basicAuth.status).toBe(401);
  });

  it('refuses two authentication methods at once', async () => {
    const env = mock({ profile: 'confidential' });
    const response = await fetch(
      env.urls.token,
      form(
        { grant_type: 'authorization_code', client_secret: 'mock-secret' },
        { authorization: basic('mock-client', 'mock-secret') },
      ),
    );
    expect((await response.json()).error).toBe('invalid_request');
  });

  it('DCR with client_secret_basic issues a secret the token endpoint checks', async () => {
    const env = mock();
    const client = await register(env, { token_endpoint_auth_method: 'client_secret_basic' });
    expect(client.client_secret).toBeTruthy();
    const a = await codeFor(env, client.client_id);
    const publicStyle = await exchange(env, {
      code: a.code,
      code_verifier: a.verifier,
      client_id: client.client_id,
    });
    expect(publicStyle.status).toBe(401);
    const b = await codeFor(env, client.client_id);
    const ok = await exchange(
      env,
      { code: b.code, code_verifier: b.verifier },
      { authorization: basic(client.client_id, client.client_secret ?? '') },
    );
    expect(ok.status).toBe(200);
  });

  it('an unknown client gets 401 invalid_client', async () => {
    const env = mock();
    const response = await exchange(env, { code: 'x', client_id: 'ghost' });
    expect(response.status).toBe(401);
    expect((await response.json()).error_description).toBe('client not found: ghost');
  });
});
