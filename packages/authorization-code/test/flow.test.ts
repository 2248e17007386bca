import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onUnhandledRequest, setupFlow } from './support/mock-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

describe('authorize()', () => {
  it('[U3] a first login registers exactly one client, with a real port in its redirect URI, and uses it', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    expect(f.env.requests.count('registration')).toBe(1);
    const registered = f.env.requests.last('registration')!.body as { redirect_uris: string[] };
    expect(registered.redirect_uris[0]).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/callback$/);
    expect((await f.record())?.client?.client_id).toBe(
      f.env.requests.last('authorize')!.params.client_id,
    );
  });

  it('[A13] [C1] [C8] [A3] logs in: PRM, metadata, registration, authorize, token; one success event', async () => {
    const f = await setupFlow(msw);
    const tokens = await f.auth.authorize();
    expect(tokens).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    expect(f.env.authorizationServer.isActive(tokens.access_token)).toBe(true);
    expect(f.env.requests.all().map((r) => r.endpoint)).toEqual([
      'protected-resource-metadata',
      'authorization-server-metadata',
      'registration',
      'authorize',
      'token',
    ]);
    const registration = f.env.requests.last('registration')!.body as Record<string, unknown>;
    const authorize = f.env.requests.last('authorize')!.params;
    const token = f.env.requests.last('token')!.params;
    expect(registration).toMatchObject({
      client_name: expect.stringContaining('docs'),
      redirect_uris: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    expect(authorize.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.code_challenge_method).toBe('S256');
    expect(authorize.redirect_uri).toBe((registration.redirect_uris as string[])[0]);
    expect(authorize.resource).toBe(f.env.mcp.url);
    expect(token.resource).toBe(f.env.mcp.url);
    expect(token.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(f.events).toEqual([
      { type: 'authorization', serverKey: await f.auth.serverKey(), reason: 'success' },
    ]);
    expect((await f.pages[0])?.status).toBe(200);
  });

  it('[A3] state is fresh for every flow', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    await f.auth.authorize();
    const states = f.env.requests.filter('authorize').map((r) => r.params.state);
    expect(new Set(states).size).toBe(2);
  });

  it('[A1] [A10] [S3] a new flow clears tokens and client, and uses the cached step-up scope', async () => {
    const f = await setupFlow(msw, { scopesSupported: ['mcp:read', 'mcp:admin'] });
    const first = await f.auth.authorize();
    const firstClient = (await f.record())?.client?.client_id;
    await f.store.update(`server:${await f.auth.serverKey()}`, (r) => ({
      ...(r as object),
      stepUpScope: 'mcp:read mcp:admin',
    }));
    const second = await f.auth.authorize();
    expect(second.access_token).not.toBe(first.access_token);
    expect(f.env.requests.count('registration')).toBe(2);
    expect((await f.record())?.client?.client_id).not.toBe(firstClient);
    expect(f.env.requests.last('authorize')!.params.scope).toBe('mcp:read mcp:admin');
    expect((await f.record())?.stepUpScope).toBeUndefined();
  });

  it('[A11] [D6] scope comes from metadata when nothing else asks for one; the UI sees the URL first', async () => {
    const f = await setupFlow(msw, { scopesSupported: ['mcp:read', 'mcp:write'] });
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')!.params.scope).toBe('mcp:read mcp:write');
    expect(f.urls).toEqual(f.opened);
    expect(f.urls[0]).toMatch(/^https:\/\/auth\.example\.com\//);
  });

  it('[A2] uses the configured callback port', async () => {
    const probe = await import('node:net').then(
      (net) =>
        new Promise<number>((resolve) => {
          const s = net.createServer().listen(0, '127.0.0.1', () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
          });
        }),
    );
    const f = await setupFlow(msw, {}, { callbackPort: probe });
    await f.auth.authorize();
    expect(f.env.requests.last('authorize')!.params.redirect_uri).toBe(
      `http://127.0.0.1:${probe}/callback`,
    );
  });

  it('[A6] an abort signal cancels the flow, also when already aborted', async () => {
    const f = await setupFlow(msw, {}, { noBrowser: true });
    await expect(f.auth.authorize({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const controller = new AbortController();
    const flow = f.auth.authorize({ signal: controller.signal });
    while (f.opened.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(flow).rejects.toMatchObject({
      code: 'CANCELLED',
      name: 'AuthenticationCancelledError',
    });
    expect(f.events.at(-1)).toMatchObject({ type: 'authorization', reason: 'cancelled' });
  });

  it('[A7] the flow times out after the configured time (5 minutes by default), with a timeout event', async () => {
    const waits: number[] = [];
    const clock = {
      now: () => Date.now(),
      sleep: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
    };
    const f = await setupFlow(msw, {}, { noBrowser: true, clock });
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(waits).toContain(5 * 60 * 1000);
    expect(f.events.at(-1)).toMatchObject({ reason: 'timeout' });
  });

  it('[A9] settles once: one event, callback server closed afterwards', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    const redirect = f.env.requests.last('authorize')!.params.redirect_uri!;
    await expect(fetch(redirect)).rejects.toThrow();
    expect(f.events.filter((e) => e.type === 'authorization')).toHaveLength(1);
  });

  it('[A5] a pasted callback URL completes the flow; bad lines are ignored', async () => {
    let location = '';
    const f = await setupFlow(
      msw,
      {},
      {
        noBrowser: true,
        manualInput: async function* () {
          while (f.opened.length === 0) await new Promise((r) => setTimeout(r, 5));
          const response = await fetch(f.opened[0]!, { redirect: 'manual' });
          location = response.headers.get('location')!;
          yield 'garbage';
          yield 'https://example.com/no-code';
          yield location;
        },
      },
    );
    const tokens = await f.auth.authorize();
    expect(tokens.access_token).toBeTruthy();
    expect(location).toContain('code=');
    expect(f.logs.filter((l) => l.startsWith('WARN'))).toHaveLength(2);
  });

  it('[A13] provider_denied carries the OAuth error', async () => {
    const f = await setupFlow(msw, { profile: 'access-denied' });
    await expect(f.auth.authorize()).rejects.toMatchObject({
      code: 'OAUTH_ERROR',
      oauthError: 'access_denied',
    });
    expect(f.events.at(-1)).toMatchObject({
      reason: 'provider_denied',
      oauthError: 'access_denied',
    });
  });

  it('[A13] [A5] state_mismatch when a pasted callback URL carries another state', async () => {
    const f = await setupFlow(
      msw,
      {},
      {
        noBrowser: true,
        manualInput: async function* () {
          while (f.opened.length === 0) await new Promise((r) => setTimeout(r, 5));
          const response = await fetch(f.opened[0]!, { redirect: 'manual' });
          const forged = new URL(response.headers.get('location')!);
          forged.searchParams.set('state', 'forged');
          yield forged.href;
        },
      },
    );
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
    expect(f.events.at(-1)).toMatchObject({ reason: 'state_mismatch' });
    expect(f.env.requests.count('token')).toBe(0);
  });

  it('[H4] a callback with a forged state is ignored: the flow waits for the real one', async () => {
    const f = await setupFlow(
      msw,
      {},
      {
        tamper: (u) => {
          u.searchParams.set('state', 'forged');
          return u;
        },
        timeoutMs: 200,
      },
    );
    // Only the forged callback ever arrives: the flow neither fails on it nor completes.
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect((await f.pages[0])?.status).toBe(400);
    expect(f.env.requests.count('token')).toBe(0);
  });

  it('[A13] token_exchange_failed, and the browser gets a failure page', async () => {
    const f = await setupFlow(msw);
    msw.use(
      http.post(f.env.urls.token, () =>
        HttpResponse.json({ error: 'invalid_request' }, { status: 400 }),
      ),
    );
    await expect(f.auth.authorize()).rejects.toMatchObject({ oauthError: 'invalid_request' });
    expect(f.events.at(-1)).toMatchObject({
      reason: 'token_exchange_failed',
      oauthError: 'invalid_request',
      status: 400,
    });
    const page = await f.pages[0];
    expect(page?.status).toBe(500);
    expect(await page?.text()).toContain('Login failed');
  });

  it('[A12] a code exchange that does not leave the client authorized is an error', async () => {
    const f = await setupFlow(msw);
    msw.use(
      http.post(f.env.urls.token, () =>
        HttpResponse.json({ token_type: 'Bearer', expires_in: 3600 }),
      ),
    );
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(f.events.at(-1)).toMatchObject({
      type: 'authorization',
      reason: 'token_exchange_failed',
    });
    expect(await f.auth.tokens()).toBeUndefined();
    expect((await f.pages[0])?.status).toBe(500);
  });

  it('[A13] port_unavailable', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const f = await setupFlow(msw, {}, { callbackPort: port });
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'PORT_UNAVAILABLE' });
    expect(f.events.at(-1)).toMatchObject({ reason: 'port_unavailable' });
    blocker.close();
  });

  it('[A14] no token, code, state or verifier reaches a log line or an event', async () => {
    const f = await setupFlow(msw);
    const tokens = await f.auth.authorize();
    const authorize = f.env.requests.last('authorize')!.params;
    const token = f.env.requests.last('token')!.params;
    const seen = JSON.stringify([f.logs, f.events]);
    expect(f.logs.some((l) => l.includes('authorization URL'))).toBe(true);
    for (const secret of [
      tokens.access_token,
      tokens.refresh_token!,
      authorize.state!,
      authorize.code_challenge!,
      token.code!,
      token.code_verifier!,
    ]) {
      expect(seen).not.toContain(secret);
    }
  });

  it('[A15] a wrong iss fails the flow; a missing iss fails when advertised', async () => {
    const wrong = await setupFlow(msw, { profile: 'iss-wrong' });
    await expect(wrong.auth.authorize()).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
    expect(wrong.env.requests.count('token')).toBe(0);
    msw.resetHandlers();
    const missing = await setupFlow(
      msw,
      {},
      {
        tamper: (u) => {
          u.searchParams.delete('iss');
          return u;
        },
      },
    );
    expect(
      missing.env.authorizationServer.metadata().authorization_response_iss_parameter_supported,
    ).toBe(true);
    await expect(missing.auth.authorize()).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
    msw.resetHandlers();
    const none = await setupFlow(msw, { profile: 'no-iss' });
    await expect(none.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('[A16] a javascript: authorization endpoint is refused before any browser opens', async () => {
    const f = await setupFlow(msw, { profile: 'javascript-authorize' });
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'INSECURE_URL' });
    expect(f.opened).toEqual([]);
    expect(f.urls).toEqual([]);
  });

  it('[C7] metadata without S256 is refused; the opt-out proceeds with a warning', async () => {
    const plain = await setupFlow(msw, { profile: 'no-s256' });
    await expect(plain.auth.authorize()).rejects.toMatchObject({ code: 'PKCE_UNSUPPORTED' });
    expect(plain.opened).toEqual([]);
    msw.resetHandlers();
    const omitted = await setupFlow(msw, { profile: 'no-pkce-metadata' });
    await expect(omitted.auth.authorize()).rejects.toMatchObject({ code: 'PKCE_UNSUPPORTED' });
    msw.resetHandlers();
    const optOut = await setupFlow(
      msw,
      { profile: 'no-pkce-metadata' },
      { allowMissingS256: true },
    );
    await expect(optOut.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
    expect(optOut.logs.some((l) => l.startsWith('WARN') && l.includes('allowMissingS256'))).toBe(
      true,
    );
    expect(optOut.env.requests.last('authorize')!.params.code_challenge_method).toBe('S256');
  });

  it('[C7] with no metadata at all (2025-03-26 default endpoints) proceeds with S256', async () => {
    const f = await setupFlow(msw, { profile: 'legacy-2025-03-26-default-endpoints' });
    await expect(f.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
    expect(f.env.requests.last('authorize')!.params.code_challenge_method).toBe('S256');
  });

  it('[D7] an issuer mismatch is refused before any authorization request', async () => {
    const f = await setupFlow(msw, { profile: 'issuer-mismatch' });
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
    expect(f.env.requests.count('authorize')).toBe(0);
  });

  it('[D8] a PRM resource that does not match the server: no authorization request, no token sent', async () => {
    const f = await setupFlow(msw, { profile: 'resource-mismatch' });
    await expect(f.auth.authorize()).rejects.toMatchObject({ code: 'RESOURCE_MISMATCH' });
    expect(f.env.requests.count('authorize')).toBe(0);
    expect(f.env.requests.count((r) => r.headers.authorization !== undefined)).toBe(0);
  });

  it('[C3] a pre-configured client_id is used without registration; a secret authenticates it', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'confidential' },
      { clientId: 'mock-client', clientSecret: 'mock-secret' },
    );
    await f.auth.authorize();
    expect(f.env.requests.count('registration')).toBe(0);
    expect(f.env.requests.last('token')).toMatchObject({ clientAuth: 'basic' });
  });

  it('[V4] logout of a configured confidential client authenticates the revocation and revokes', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'confidential' },
      { clientId: 'mock-client', clientSecret: 'mock-secret' },
    );
    const tokens = await f.auth.authorize();
    await f.auth.logout();
    expect(f.env.requests.filter('revocation').map((r) => r.clientAuth)).toEqual([
      'basic',
      'basic',
    ]);
    expect(f.env.authorizationServer.isActive(tokens.access_token)).toBe(false);
    expect(await f.auth.tokens()).toBeUndefined();
    expect(f.events.at(-1)).toMatchObject({
      type: 'revocation',
      revoked: ['refresh_token', 'access_token'],
    });
  });

  it('[C3] client_secret_post when the AS lists only that method', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'confidential-post' },
      { clientId: 'mock-client', clientSecret: 'mock-secret' },
    );
    const metadata = {
      ...f.env.authorizationServer.metadata(),
      token_endpoint_auth_methods_supported: ['client_secret_post'],
    };
    msw.use(http.get(f.env.urls.authorizationServerMetadata, () => HttpResponse.json(metadata)));
    await f.auth.authorize();
    expect(f.env.requests.last('token')).toMatchObject({ clientAuth: 'post' });
  });

  it('[C6] a configured client without its secret names the environment variable to set', async () => {
    const f = await setupFlow(
      msw,
      { profile: 'confidential' },
      { clientId: 'mock-client', clientSecretEnv: 'DOCS_CLIENT_SECRET' },
    );
    await expect(f.auth.authorize()).rejects.toMatchObject({
      code: 'CONFIGURATION',
      message: expect.stringContaining('DOCS_CLIENT_SECRET'),
    });
    process.env.DOCS_CLIENT_SECRET = 'mock-secret';
    try {
      await expect(f.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
    } finally {
      delete process.env.DOCS_CLIENT_SECRET;
    }
  });

  it('[C2] a client ID metadata document URL is the client_id when the AS supports it; no registration', async () => {
    const cimd = 'https://client.example.com/metadata.json';
    const f = await setupFlow(
      msw,
      {
        profile: 'cimd',
        clientMetadataDocuments: {
          [cimd]: {
            client_id: cimd,
            client_name: 'docs client',
            redirect_uris: ['http://127.0.0.1/callback'],
            token_endpoint_auth_method: 'none',
          },
        },
      },
      { clientMetadataUrl: cimd },
    );
    await f.auth.authorize();
    expect(f.env.requests.count('registration')).toBe(0);
    expect(f.env.requests.last('authorize')!.params.client_id).toBe(cimd);
    // Kept in the record, so a refresh authenticates as the same client (R3).
    expect((await f.record())?.client).toEqual({ client_id: cimd });
  });

  it('[C4] saving the client keeps the other fields of the record', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    const record = await f.record();
    expect(record).toMatchObject({
      client: { client_id: expect.any(String) },
      accessToken: expect.any(String),
      authorizationServerUrl: 'https://auth.example.com',
      resourceMetadataUrl: f.env.urls.resourceMetadata,
    });
  });

  it('[C5] invalid_client "client not found" at the exchange clears the stored client', async () => {
    const f = await setupFlow(msw);
    msw.use(
      http.post(f.env.urls.token, () =>
        HttpResponse.json(
          { error: 'invalid_client', error_description: 'Client not found' },
          { status: 401 },
        ),
      ),
    );
    await expect(f.auth.authorize()).rejects.toMatchObject({ oauthError: 'invalid_client' });
    expect((await f.record())?.client).toBeUndefined();
  });

  it('[D4] [H2] the record keeps discovery as URLs only and the issuing server, well under 2 KB', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    const record = (await f.record())!;
    expect(Object.keys(record).sort()).toEqual(
      [
        'accessToken',
        'authorizationServerUrl',
        'client',
        'expiresAt',
        'issuedAt',
        'issuer',
        'refreshToken',
        'resourceMetadataUrl',
        'scope',
        'tokenEndpoint',
        'tokenEndpointAuthMethods',
      ].sort(),
    );
    expect(JSON.stringify(record).length).toBeLessThan(2048);
  });

  it('[I1] invalidate clears each scope; verifier is in memory only', async () => {
    const f = await setupFlow(msw);
    await f.auth.authorize();
    await f.auth.invalidate('verifier');
    expect((await f.record())?.accessToken).toBeDefined();
    await f.auth.invalidate('tokens');
    expect(await f.record()).not.toHaveProperty('accessToken');
    expect(await f.record()).toHaveProperty('client');
    await f.auth.invalidate('client');
    expect(await f.record()).not.toHaveProperty('client');
    await f.auth.invalidate('discovery');
    expect(await f.record()).not.toHaveProperty('authorizationServerUrl');
    await f.auth.invalidate('all');
    expect(await f.record()).toBeUndefined();
  });
});
