import { describe, expect, it } from 'vitest';
import { OTHER_ISSUER } from '../src/index.js';
import { authorize, authorizeRequest, mock, pkce, register, useMsw } from './support.js';

useMsw();

async function start(profile?: Parameters<typeof mock>[0]) {
  const env = mock(profile);
  const client = await register(env);
  const { challenge } = await pkce();
  return { env, client, challenge };
}

describe('authorize endpoint', () => {
  it('auto-approves with a 302 carrying code, state and iss', async () => {
    const { env, client, challenge } = await start();
    const location = await authorize(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'abc',
    });
    expect(location.searchParams.get('code')).toMatch(/^code_/);
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('iss')).toBe('https://auth.example.com');
  });

  it('no-iss omits iss; iss-wrong sends another issuer; iss-not-advertised still sends it', async () => {
    for (const [profile, iss] of [
      ['no-iss', null],
      ['iss-wrong', OTHER_ISSUER],
      ['iss-not-advertised', 'https://auth.example.com'],
    ] as const) {
      const { env, client, challenge } = await start({ profile });
      const location = await authorize(env, {
        client_id: client.client_id,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      expect(location.searchParams.get('iss'), profile).toBe(iss);
    }
  });

  it('refuses an unregistered redirect_uri with 400 and no redirect', async () => {
    const { env, client, challenge } = await start();
    const response = await authorizeRequest(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      redirect_uri: 'https://attacker.example.com/cb',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('accepts the registered loopback redirect URI on another port (RFC 8252 §7.3)', async () => {
    const { env, client, challenge } = await start();
    const location = await authorize(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      redirect_uri: 'http://127.0.0.1:50123/callback',
    });
    expect(location.port).toBe('50123');
  });

  it('refuses an unknown client with 400', async () => {
    const { env, challenge } = await start();
    expect(
      (await authorizeRequest(env, { client_id: 'nobody', code_challenge: challenge })).status,
    ).toBe(400);
  });

  it('redirects with invalid_request without a code_challenge or with plain', async () => {
    const { env, client, challenge } = await start();
    const missing = await authorize(env, { client_id: client.client_id });
    expect(missing.searchParams.get('error')).toBe('invalid_request');
    expect(missing.searchParams.get('state')).toBe('st');
    const plain = await authorize(env, { client_id: client.client_id, code_challenge: challenge });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
    expect(plain.searchParams.get('code')).toBeNull();
  });

  it('no-s256 accepts plain', async () => {
    const { env, client } = await start({ profile: 'no-s256' });
    const location = await authorize(env, {
      client_id: client.client_id,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'plain',
    });
    expect(location.searchParams.get('code')).toBeTruthy();
  });

  it('redirects with unsupported_response_type and invalid_target', async () => {
    const { env, client, challenge } = await start();
    const token = await authorize(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      response_type: 'token',
    });
    expect(token.searchParams.get('error')).toBe('unsupported_response_type');
    const target = await authorize(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource: 'https://other.example.com/',
    });
    expect(target.searchParams.get('error')).toBe('invalid_target');
  });

  it('access-denied redirects with error=access_denied and the state', async () => {
    const { env, client, challenge } = await start({ profile: 'access-denied' });
    const location = await authorize(env, {
      client_id: client.client_id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'keep',
    });
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('keep');
    expect(location.searchParams.get('iss')).toBe('https://auth.example.com');
  });
});
