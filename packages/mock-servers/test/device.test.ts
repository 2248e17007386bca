import { describe, expect, it } from 'vitest';
import { authorizeRequest, form, mock, register, useMsw } from './support.js';

useMsw();

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

async function deviceLogin(env: ReturnType<typeof mock>, clientId: string, extra = {}) {
  const response = await fetch(
    env.urls.deviceAuthorization,
    form({ client_id: clientId, scope: 'mcp:read', resource: env.mcp.url, ...extra }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const poll = async (env: ReturnType<typeof mock>, clientId: string, deviceCode: string) => {
  const response = await fetch(
    env.urls.token,
    form({ grant_type: DEVICE_GRANT, client_id: clientId, device_code: deviceCode }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe('device-flow profile (RFC 8628)', () => {
  it('advertises the endpoint and registers a client without redirect URIs', async () => {
    const env = mock({ profile: 'device-flow' });
    expect(env.authorizationServer.metadata()).toMatchObject({
      device_authorization_endpoint: env.urls.deviceAuthorization,
    });
    const client = await register(env, {
      redirect_uris: [],
      grant_types: [DEVICE_GRANT, 'refresh_token'],
      response_types: [],
    });
    const { status, body } = await deviceLogin(env, client.client_id);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      verification_uri: env.urls.deviceVerification,
      verification_uri_complete: `${env.urls.deviceVerification}?user_code=${body.user_code}`,
      expires_in: 600,
      interval: 5,
    });
    expect(body.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
  });

  it('pending until approved, slow_down when polled too soon, then tokens once', async () => {
    const env = mock({ profile: 'device-flow' });
    const { client_id } = env.authorizationServer.client;
    const { body } = await deviceLogin(env, client_id);
    expect((await poll(env, client_id, body.device_code!)).body.error).toBe(
      'authorization_pending',
    );
    expect((await poll(env, client_id, body.device_code!)).body.error).toBe('slow_down');
    env.advanceTime(5000);
    expect(env.authorizationServer.approveDevice(body.user_code!)).toBe(true);
    const tokens = await poll(env, client_id, body.device_code!);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'mcp:read' });
    expect(env.authorizationServer.inspect(tokens.body.access_token!)?.grant.resource).toBe(
      env.mcp.url,
    );
    env.advanceTime(5000);
    expect((await poll(env, client_id, body.device_code!)).body.error).toBe('invalid_grant');
  });

  it('access_denied once denied; expired_token after the lifetime', async () => {
    const env = mock({ profile: 'device-flow' });
    const { client_id } = env.authorizationServer.client;
    const denied = (await deviceLogin(env, client_id)).body;
    env.authorizationServer.denyDevice(denied.user_code!);
    expect((await poll(env, client_id, denied.device_code!)).body.error).toBe('access_denied');
    const late = (await deviceLogin(env, client_id)).body;
    env.advanceTime(601_000);
    expect((await poll(env, client_id, late.device_code!)).body.error).toBe('expired_token');
  });
});

describe('identity provider profiles (SPEC Q1, Q2)', () => {
  it('entra: resource refused with AADSTS9010010 at authorize, device and token endpoints', async () => {
    const env = mock({ profile: 'entra' });
    const { client_id } = env.authorizationServer.client;
    const device = await deviceLogin(env, client_id);
    expect(device).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    expect(device.body.error_description).toMatch(/^AADSTS9010010: /);
    const redirect = await authorizeRequest(env, {
      client_id,
      redirect_uri: 'http://127.0.0.1:33418/callback',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      resource: env.mcp.url,
    });
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(location.searchParams.get('error_description')).toMatch(/AADSTS9010010/);
    const ok = await fetch(env.urls.deviceAuthorization, form({ client_id, scope: 'mcp:read' }));
    const body = (await ok.json()) as Record<string, string>;
    expect(body.verification_uri).toBe(env.urls.deviceVerification);
    expect(body.verification_uri_complete).toBeUndefined();
    env.authorizationServer.denyDevice(body.user_code!);
    expect((await poll(env, client_id, body.device_code!)).body.error).toBe(
      'authorization_declined',
    );
  });

  it('google: verification_url, 428 authorization_pending, access_type=offline required', async () => {
    const env = mock({ profile: 'google' });
    const { client_id } = env.authorizationServer.client;
    expect((await deviceLogin(env, client_id)).body.error).toBe('invalid_request');
    const { body } = await deviceLogin(env, client_id, { access_type: 'offline' });
    expect(body.verification_url).toBe(env.urls.deviceVerification);
    expect(body.verification_uri).toBeUndefined();
    expect(await poll(env, client_id, body.device_code!)).toMatchObject({
      status: 428,
      body: { error: 'authorization_pending' },
    });
  });

  it('auth0: audience required', async () => {
    const env = mock({ profile: 'auth0' });
    const { client_id } = env.authorizationServer.client;
    expect((await deviceLogin(env, client_id)).body.error_description).toBe(
      'audience=https://mcp.example.com/mcp is required',
    );
    const { status } = await deviceLogin(env, client_id, { audience: env.mcp.url });
    expect(status).toBe(200);
  });
});
