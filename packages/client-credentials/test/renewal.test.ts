import {
  ErrorCode,
  type Lock,
  type ServerRecord,
  StoreError,
  StoreKeys,
  serverKey,
} from '@mcp-oauth/core';
import { refreshLockName } from '@mcp-oauth/oauth';
import { describe, expect, it } from 'vitest';
import { AS, oauthError, server, setup, token } from './support/fake-servers.js';

const recordOf = async (s: ReturnType<typeof setup>) =>
  s.store.get<ServerRecord>(StoreKeys.server(await serverKey(server)));

describe('tokens(): the machine token path', () => {
  it('[M2] obtains a token with no browser and no callback server; a valid token then costs no request', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    expect(first).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const before = s.servers.requests.length;
    expect(await auth.tokens()).toEqual(first);
    expect(s.servers.requests.length).toBe(before);
    expect(s.servers.requests.map((r) => r.path)).toEqual([
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-authorization-server',
      '/token',
    ]);
    expect(s.events).toEqual([
      { type: 'refresh', serverKey: await auth.serverKey(), reason: 'success' },
    ]);
  });

  it('[M2] a soon-expiring token is replaced by a new grant, reusing the metadata; a refresh token is neither expected nor kept', async () => {
    const s = setup();
    s.servers.tokenReplies = [token({ refresh_token: 'RT-unwanted' }), () => token()];
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    expect(first?.refresh_token).toBeUndefined();
    expect((await recordOf(s))?.refreshToken).toBeUndefined();
    s.clock.advance(3400_000); // 200 s left: within the 300 s window
    s.servers.requests.length = 0;
    const second = await auth.tokens();
    expect(second?.access_token).not.toBe(first?.access_token);
    expect(s.servers.requests.map((r) => r.path)).toEqual(['/token']);
    expect(s.servers.requests[0]?.params.get('grant_type')).toBe('client_credentials');
  });

  it('[M2] concurrent callers in one process share one grant', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    const all = await Promise.all(Array.from({ length: 8 }, () => auth.tokens()));
    expect(new Set(all.map((t) => t?.access_token)).size).toBe(1);
    expect(s.servers.tokenRequests()).toHaveLength(1);
  });

  it("[M2] the grant runs under the shared renewal lock and re-reads the store after taking it: another process's new token is used, with no request", async () => {
    const s = setup();
    const key = await serverKey(server);
    await s.store.set(StoreKeys.server(key), {
      accessToken: 'AT-old',
      issuedAt: s.clock.now() - 3500_000,
      expiresAt: s.clock.now() + 100_000,
      issuer: AS,
      tokenEndpoint: `${AS}/token`,
    });
    const names: string[] = [];
    // While this process waits for the lock, a sibling stores a fresh token.
    const lock: Lock = {
      withLock: async (name, fn) => {
        names.push(name);
        await s.store.update(StoreKeys.server(key), (record) => ({
          ...(record as object),
          accessToken: 'AT-sibling',
          issuedAt: s.clock.now(),
          expiresAt: s.clock.now() + 3600_000,
        }));
        return fn();
      },
    };
    const auth = s.clientCredentials({ lock, storeTtlMs: 60_000 });
    expect((await auth.tokens())?.access_token).toBe('AT-sibling');
    expect(names).toEqual([refreshLockName(key)]);
    expect(s.servers.requests).toEqual([]);
  });

  it('[M2] a lock not released in time: what another process stored is used, else the lock error is thrown', async () => {
    const s = setup();
    const key = await serverKey(server);
    const busy = (store: boolean): Lock => ({
      withLock: async () => {
        if (store) {
          await s.store.set(StoreKeys.server(key), {
            accessToken: 'AT-holder',
            issuedAt: s.clock.now(),
            expiresAt: s.clock.now() + 3600_000,
          });
        }
        throw new StoreError(ErrorCode.LockUnavailable, 'lock busy');
      },
    });
    expect((await s.clientCredentials({ lock: busy(true) }).tokens())?.access_token).toBe(
      'AT-holder',
    );
    const t = setup();
    await expect(t.clientCredentials({ lock: busy(false) }).tokens()).rejects.toMatchObject({
      code: ErrorCode.LockUnavailable,
    });
    expect([...s.servers.tokenRequests(), ...t.servers.tokenRequests()]).toEqual([]);
  });

  it('[M2] a failed renewal keeps the still-valid token and leaves the server alone for 30 s', async () => {
    const s = setup();
    s.servers.tokenReplies = [token(), oauthError('invalid_client', 401), () => token()];
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    s.clock.advance(3400_000);
    expect((await auth.tokens())?.access_token).toBe(first?.access_token);
    expect(await auth.tokens()).toMatchObject({ access_token: first?.access_token });
    expect(s.servers.tokenRequests()).toHaveLength(2);
    s.clock.advance(31_000);
    expect((await auth.tokens())?.access_token).not.toBe(first?.access_token);
    expect(s.servers.tokenRequests()).toHaveLength(3);
  });

  it('[M2] no valid token and the grant refused: the typed error is thrown, not retried, and reported', async () => {
    const s = setup();
    s.servers.tokenReplies = [oauthError('invalid_client', 401)];
    const auth = s.clientCredentials();
    await expect(auth.tokens()).rejects.toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_client',
      status: 401,
    });
    expect(s.servers.tokenRequests()).toHaveLength(1);
    expect(s.events).toEqual([
      {
        type: 'refresh',
        serverKey: await auth.serverKey(),
        reason: 'request_failed',
        oauthError: 'invalid_client',
        status: 401,
      },
    ]);
  });

  it('[M2] transient failures are retried after 1 s and 2 s; three of them give up', async () => {
    const s = setup();
    s.servers.tokenReplies = [
      oauthError('temporarily_unavailable', 503),
      { status: 429, body: {} },
      () => token(),
    ];
    expect(await s.clientCredentials().tokens()).toMatchObject({ token_type: 'Bearer' });
    expect(s.clock.sleeps).toEqual([1000, 2000]);
    const t = setup();
    t.servers.tokenReplies = [oauthError('server_error', 500)];
    await expect(t.clientCredentials().tokens()).rejects.toMatchObject({
      oauthError: 'server_error',
    });
    expect(t.servers.tokenRequests()).toHaveLength(3);
    expect(t.events.at(-1)).toMatchObject({ reason: 'transient_retries_exhausted' });
  });

  it('[M2] a token without a usable expires_in is used until the server rejects it', async () => {
    const s = setup();
    s.servers.tokenReplies = [token({ expires_in: undefined }), () => token()];
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    s.clock.advance(10 * 3600_000);
    expect(await auth.tokens()).toEqual(first);
    expect(s.servers.tokenRequests()).toHaveLength(1);
  });

  it('[M2] a response without a usable access token is refused whole and reported as no_tokens_returned', async () => {
    const s = setup();
    s.servers.tokenReplies = [{ status: 200, body: { token_type: 'Bearer' } }];
    await expect(s.clientCredentials().tokens()).rejects.toMatchObject({
      code: ErrorCode.InvalidResponse,
    });
    expect(s.events.at(-1)).toMatchObject({ reason: 'no_tokens_returned' });
    expect(await recordOf(s)).not.toHaveProperty('accessToken');
  });
});

describe('tokens(): which authorization server gets the credentials', () => {
  it('[M2] an authorization server that is not the pinned issuer gets nothing', async () => {
    const s = setup();
    await expect(
      s.clientCredentials({ issuer: 'https://other.example.com' }).tokens(),
    ).rejects.toMatchObject({
      code: ErrorCode.IssuerMismatch,
      message: expect.stringContaining('registered at https://other.example.com'),
    });
    expect(s.servers.tokenRequests()).toEqual([]);
    expect(s.events.at(-1)).toMatchObject({ reason: 'metadata_discovery_failed' });
  });

  it('[M2] one that lists grant_types_supported without client_credentials is a CONFIGURATION error, before any request', async () => {
    const s = setup();
    s.servers.metadata = { grant_types_supported: ['authorization_code', 'refresh_token'] };
    await expect(s.clientCredentials().tokens()).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: expect.stringContaining('does not support the client_credentials grant'),
    });
    expect(s.servers.tokenRequests()).toEqual([]);
  });

  it('[M2] the token is stored with the issuer that issued it (SPEC H2)', async () => {
    const s = setup();
    await s.clientCredentials({ issuer: AS }).tokens();
    expect(await recordOf(s)).toMatchObject({
      issuer: AS,
      tokenEndpoint: `${AS}/token`,
      authorizationServerUrl: AS,
    });
  });
});

describe('challenge() and authorize()', () => {
  it('[M2] a 401 with the rejected token gets a new token and says retry', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    const outcome = await auth.challenge({
      status: 401,
      wwwAuthenticate: 'Bearer error="invalid_token"',
      rejectedToken: first?.access_token,
    });
    expect(outcome).toMatchObject({ kind: 'retry', tokens: { token_type: 'Bearer' } });
    expect(outcome.kind === 'retry' && outcome.tokens.access_token).not.toBe(first?.access_token);
    expect(s.servers.tokenRequests()).toHaveLength(2);
    expect((await auth.tokens())?.access_token).toBe(
      outcome.kind === 'retry' && outcome.tokens.access_token,
    );
  });

  it('[M2] a 401 when another process already stored a new token: retry with it, no request', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    await auth.tokens();
    await s.store.update(StoreKeys.server(await auth.serverKey()), (record) => ({
      ...(record as object),
      accessToken: 'AT-sibling',
    }));
    const outcome = await auth.challenge({
      status: 401,
      wwwAuthenticate: null,
      rejectedToken: 'AT-stale',
    });
    expect(outcome).toMatchObject({ kind: 'retry', tokens: { access_token: 'AT-sibling' } });
    expect(s.servers.tokenRequests()).toHaveLength(1);
  });

  it('[M2] a 401 and no new token to be had: authorize, with the reason; other refusals pass', async () => {
    const s = setup();
    s.servers.tokenReplies = [token(), oauthError('invalid_client', 401)];
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    const outcome = await auth.challenge({
      status: 401,
      wwwAuthenticate: null,
      rejectedToken: first?.access_token,
    });
    expect(outcome).toEqual({
      kind: 'authorize',
      reason: 'login',
      message: expect.stringContaining(
        "reports refused the machine client's token and no new token: ",
      ),
    });
    expect(
      await auth.challenge({ status: 403, wwwAuthenticate: 'Bearer error="insufficient_scope"' }),
    ).toEqual({ kind: 'pass' });
  });

  it('[M2] authorize() gets a new token without a browser even when the stored one is valid, and throws why when it cannot', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    const second = await auth.authorize();
    expect(second.access_token).not.toBe(first?.access_token);
    expect(await auth.tokens()).toEqual(second);
    s.servers.tokenReplies = [oauthError('unauthorized_client')];
    await expect(auth.authorize()).rejects.toMatchObject({ oauthError: 'unauthorized_client' });
  });

  it('[M2] invalidate("tokens") drops the token; the next tokens() gets a new one', async () => {
    const s = setup();
    const auth = s.clientCredentials();
    const first = await auth.tokens();
    await auth.invalidate('verifier');
    await auth.invalidate('tokens');
    expect((await auth.tokens())?.access_token).not.toBe(first?.access_token);
    expect(s.servers.tokenRequests()).toHaveLength(2);
  });
});
