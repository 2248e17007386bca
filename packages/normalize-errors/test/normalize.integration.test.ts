import { createOAuthFetch, ErrorCode, OAuthResponseError, readOAuthJson } from '@mcp-oauth/core';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeErrors, slackQuirks } from '../src/index.js';

const RESOURCE = 'http://127.0.0.1:1/mcp';

const refresh = (
  fetch: typeof globalThis.fetch,
  as: AuthorizationServer,
  clientId: string,
  token: string,
) =>
  fetch(as.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: clientId,
      resource: RESOURCE,
    }),
  });

describe('normalizeErrors against a standard oidc-provider token endpoint', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer();
  });
  afterAll(() => as.close());

  it('[N2] a real rotated-refresh token response passes through unchanged', async () => {
    const { client, tokens } = await as.obtainTokens({ resource: RESOURCE, scope: 'mcp:tools' });
    const fetch = normalizeErrors(createOAuthFetch());
    const response = await refresh(fetch, as, client.client_id, tokens.refresh_token as string);
    expect(response.status).toBe(200);
    const body = await readOAuthJson<{ refresh_token: string; access_token: string }>(response);
    expect(body.refresh_token).not.toBe(tokens.refresh_token);
    expect(await as.verifyAccessToken(body.access_token, { resource: RESOURCE })).toBeDefined();
  });

  it('[N1] a real 400 invalid_grant (reused refresh token) passes through untouched', async () => {
    const { client, tokens } = await as.obtainTokens({ resource: RESOURCE, scope: 'mcp:tools' });
    const fetch = normalizeErrors(createOAuthFetch());
    await refresh(fetch, as, client.client_id, tokens.refresh_token as string);
    const reused = await refresh(fetch, as, client.client_id, tokens.refresh_token as string);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'grant request is invalid',
    });
  });

  it('[N5] a real dynamic registration response (201, no error) is never rewritten', async () => {
    const fetch = normalizeErrors();
    const response = await fetch(as.endpoints.registration, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['http://127.0.0.1:40000/callback'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(201);
    expect((await response.json()).client_id).toEqual(expect.any(String));
  });
});

describe('normalizeErrors against a Slack-style token endpoint', () => {
  let as: AuthorizationServer;
  beforeAll(async () => {
    as = await startAuthorizationServer({
      tokenErrorQuirk: {
        status: 200,
        rename: { invalid_grant: 'invalid_refresh_token' },
        extra: { ok: false },
      },
    });
  });
  afterAll(() => as.close());

  it('[F2] the real server answers 200 {"ok":false,"error":"invalid_refresh_token"}; the OAuth fetch reports invalid_grant', async () => {
    const { client, tokens } = await as.obtainTokens({ resource: RESOURCE, scope: 'mcp:tools' });
    // Revoke it for real, so the server's own refresh grant rejects it.
    const revoked = await fetch(as.endpoints.revocation, {
      method: 'POST',
      body: new URLSearchParams({
        token: tokens.refresh_token as string,
        client_id: client.client_id,
      }),
    });
    expect(revoked.status).toBe(200);

    const raw = await refresh(
      globalThis.fetch,
      as,
      client.client_id,
      tokens.refresh_token as string,
    );
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ ok: false, error: 'invalid_refresh_token' });

    const oauthFetch = normalizeErrors(createOAuthFetch(), { quirks: [slackQuirks] });
    const response = await refresh(
      oauthFetch,
      as,
      client.client_id,
      tokens.refresh_token as string,
    );
    expect(response.status).toBe(400);
    const error = await readOAuthJson(response).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_grant',
      status: 400,
      errorDescription: 'grant request is invalid',
    });
  });

  it('[N3] a real 200 error for a bad client keeps its standard code and becomes 400', async () => {
    const response = await refresh(normalizeErrors(), as, 'no-such-client', 'whatever');
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_client');
  });
});
