import { describe, expect, it } from 'vitest';
import { form, login, mock, refresh, useMsw } from './support.js';

useMsw();

describe('slack profile', () => {
  it('answers a bad refresh token with HTTP 200 { ok: false, error: "invalid_refresh_token" }', async () => {
    const env = mock({ profile: 'slack' });
    const { client } = await login(env);
    const response = await refresh(env, client.client_id, 'rt_unknown');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_refresh_token' });
  });

  it('says expired_refresh_token for an expired one, invalid_code for a bad code', async () => {
    const env = mock({ profile: 'slack', refreshTokenTtl: 1 });
    const { client, tokens } = await login(env);
    env.advanceTime(1000);
    const expired = await refresh(env, client.client_id, tokens.refresh_token ?? '');
    expect((await expired.json()).error).toBe('expired_refresh_token');
    const code = await fetch(
      env.urls.token,
      form({ grant_type: 'authorization_code', code: 'nope', client_id: client.client_id }),
    );
    expect(code.status).toBe(200);
    expect((await code.json()).error).toBe('invalid_code');
  });

  it('wraps successes in { ok: true, ... }', async () => {
    const env = mock({ profile: 'slack' });
    const { tokens, status } = await login(env);
    expect(status).toBe(200);
    expect(tokens).toMatchObject({ ok: true, token_type: 'Bearer' });
  });

  it('answers an unknown client with invalid_client_id', async () => {
    const env = mock({ profile: 'slack' });
    const response = await refresh(env, 'ghost', 'rt');
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_client_id' });
  });
});

describe('github profile', () => {
  it('answers errors with HTTP 200, form-encoded without Accept: application/json', async () => {
    const env = mock({ profile: 'github' });
    const { client } = await login(env);
    const response = await refresh(env, client.client_id, 'rt_unknown');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const body = new URLSearchParams(await response.text());
    expect(body.get('error')).toBe('bad_refresh_token');
    expect(body.get('error_uri')).toContain('docs.github.com');
  });

  it('answers JSON with Accept: application/json, with bad_verification_code for a bad code', async () => {
    const env = mock({ profile: 'github' });
    const { client } = await login(env);
    const response = await fetch(
      env.urls.token,
      form(
        { grant_type: 'authorization_code', code: 'nope', client_id: client.client_id },
        { accept: 'application/json' },
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: 'bad_verification_code' });
  });

  it('sends form-encoded token responses by default', async () => {
    const env = mock({ profile: 'github' });
    const { tokens } = await login(env); // asks for JSON
    expect(tokens.token_type).toBe('Bearer');
    const issued = env.authorizationServer.issueTokens();
    const response = await refresh(env, 'mock-client', issued.refresh_token ?? '');
    const body = new URLSearchParams(await response.text());
    expect(body.get('access_token')).toMatch(/^at_/);
    expect(body.get('token_type')).toBe('Bearer');
  });

  it('says incorrect_client_credentials for a bad client', async () => {
    const env = mock({ profile: 'github' });
    const response = await refresh(env, 'ghost', 'rt');
    expect(new URLSearchParams(await response.text()).get('error')).toBe(
      'incorrect_client_credentials',
    );
  });
});
