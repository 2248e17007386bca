import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeRequest,
  form,
  mock,
  pkce,
  REDIRECT_URI,
  server,
  useMsw,
} from './support.js';

useMsw();

const dcr = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('dynamic client registration (RFC 7591)', () => {
  it('registers a public client and echoes its metadata with 201', async () => {
    const env = mock();
    const response = await dcr(env.urls.registration, {
      client_name: 'My client',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      scope: 'mcp:read',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      client_name: 'My client',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      scope: 'mcp:read',
    });
    expect(body).not.toHaveProperty('client_secret');
    expect(body).not.toHaveProperty('source');
    expect(env.authorizationServer.clients().map((c) => c.source)).toEqual(['static', 'dcr']);
    expect(env.requests.last('registration')?.body).toMatchObject({ client_name: 'My client' });
  });

  it('defaults to client_secret_basic and issues a secret (RFC 7591 §2)', async () => {
    const env = mock();
    const body = await (await dcr(env.urls.registration, { redirect_uris: [REDIRECT_URI] })).json();
    expect(body.token_endpoint_auth_method).toBe('client_secret_basic');
    expect(body.client_secret).toMatch(/^secret_/);
    expect(body.client_secret_expires_at).toBe(0);
  });

  it('refuses missing, non-loopback http and javascript: redirect URIs', async () => {
    const env = mock();
    for (const redirect_uris of [
      undefined,
      [],
      ['http://example.com/cb'],
      ['javascript:alert(1)'],
    ]) {
      const response = await dcr(env.urls.registration, { redirect_uris });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('invalid_redirect_uri');
    }
    const method = await dcr(env.urls.registration, {
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'private_key_jwt',
    });
    expect((await method.json()).error).toBe('invalid_client_metadata');
  });

  it('localhost-redirect refuses 127.0.0.1 and accepts localhost', async () => {
    const env = mock({ profile: 'localhost-redirect' });
    const refused = await dcr(env.urls.registration, { redirect_uris: [REDIRECT_URI] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error_description).toBe(
      `redirect URI not allowed: ${REDIRECT_URI}`,
    );
    const ok = await dcr(env.urls.registration, {
      redirect_uris: ['http://localhost:33418/callback'],
      token_endpoint_auth_method: 'none',
    });
    expect(ok.status).toBe(201);
  });

  it('pre-registered: no registration endpoint; the static client works with any loopback port', async () => {
    const env = mock({ profile: 'pre-registered' });
    expect((await dcr(env.urls.registration, { redirect_uris: [REDIRECT_URI] })).status).toBe(404);
    const { verifier, challenge } = await pkce();
    const location = await authorize(env, {
      client_id: 'mock-client',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      redirect_uri: 'http://localhost:61000/callback',
    });
    const response = await fetch(
      env.urls.token,
      form({
        grant_type: 'authorization_code',
        code: location.searchParams.get('code') ?? '',
        code_verifier: verifier,
        redirect_uri: 'http://localhost:61000/callback',
        client_id: 'mock-client',
      }),
    );
    expect(response.status).toBe(200);
  });

  it('a static client with redirectUris accepts only those', async () => {
    const env = mock({
      profile: 'pre-registered',
      client: { redirectUris: ['https://app.example.com/cb'] },
    });
    const { challenge } = await pkce();
    const ok = await authorizeRequest(env, {
      client_id: 'mock-client',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      redirect_uri: 'https://app.example.com/cb',
    });
    expect(ok.status).toBe(302);
    const loopback = await authorizeRequest(env, {
      client_id: 'mock-client',
      code_challenge: challenge,
    });
    expect(loopback.status).toBe(400);
  });
});

describe('client ID metadata documents', () => {
  const CLIENT_ID = 'https://client.example.com/oauth/client.json';

  it('cimd: an https client_id resolves from clientMetadataDocuments', async () => {
    const env = mock({
      profile: 'cimd',
      clientMetadataDocuments: {
        [CLIENT_ID]: {
          client_id: CLIENT_ID,
          client_name: 'Doc client',
          redirect_uris: [REDIRECT_URI],
        },
      },
    });
    const { challenge } = await pkce();
    const location = await authorize(env, {
      client_id: CLIENT_ID,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(env.authorizationServer.clients().find((c) => c.client_id === CLIENT_ID)?.source).toBe(
      'cimd',
    );
  });

  it('cimd: a document is fetched when not configured, and must name itself', async () => {
    const env = mock({ profile: 'cimd' });
    server.use(
      http.get(CLIENT_ID, () =>
        HttpResponse.json({ client_id: CLIENT_ID, redirect_uris: [REDIRECT_URI] }),
      ),
      http.get('https://client.example.com/liar.json', () =>
        HttpResponse.json({
          client_id: 'https://other.example.com/x',
          redirect_uris: [REDIRECT_URI],
        }),
      ),
    );
    const { challenge } = await pkce();
    const ok = await authorizeRequest(env, {
      client_id: CLIENT_ID,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(ok.status).toBe(302);
    const liar = await authorizeRequest(env, {
      client_id: 'https://client.example.com/liar.json',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(liar.status).toBe(400);
  });

  it('without cimd a URL client_id is unknown', async () => {
    const env = mock({
      clientMetadataDocuments: {
        [CLIENT_ID]: { client_id: CLIENT_ID, redirect_uris: [REDIRECT_URI] },
      },
    });
    const { challenge } = await pkce();
    expect(
      (await authorizeRequest(env, { client_id: CLIENT_ID, code_challenge: challenge })).status,
    ).toBe(400);
  });
});
