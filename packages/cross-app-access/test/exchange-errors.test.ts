import { AuthenticationCancelledError, ExchangeError, StoreKeys } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onUnhandledRequest, setup } from './support/xaa-flow.js';

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

async function failingExchange(answer: () => Response) {
  const s = await setup(msw);
  await s.seedIdToken();
  // Only the token exchange fails; the code exchange of a new login still works.
  msw.use(
    http.post(s.env.urls.idpToken, async ({ request }) => {
      const body = new URLSearchParams(await request.clone().text());
      if (body.get('grant_type') === 'authorization_code') return undefined;
      return answer();
    }),
  );
  const error = (await s.auth.authorize().catch((e: unknown) => e)) as ExchangeError;
  expect(error).toBeInstanceOf(ExchangeError);
  return { s, error, idToken: await s.idToken() };
}

describe('exchange errors', () => {
  it('[X8] a 4xx from the IdP drops the cached id_token', async () => {
    const { error, idToken } = await failingExchange(() =>
      HttpResponse.json(
        { error: 'invalid_grant', error_description: 'session revoked' },
        { status: 400 },
      ),
    );
    expect(error).toMatchObject({ stage: 'token_exchange', shouldClearIdToken: true, status: 400 });
    expect(error.oauthError).toBe('invalid_grant');
    expect(idToken).toBeUndefined();
  });

  it('[X8] a 5xx IdP outage keeps the cached id_token', async () => {
    const { error, idToken } = await failingExchange(
      () => new HttpResponse('<html>down</html>', { status: 503 }),
    );
    expect(error).toMatchObject({
      stage: 'token_exchange',
      shouldClearIdToken: false,
      status: 503,
    });
    expect(idToken?.idToken).toBeTruthy();
  });

  it('[X8] an invalid body drops it: not JSON, or not an ID-JAG', async () => {
    const notJson = await failingExchange(() => new HttpResponse('<html>', { status: 200 }));
    expect(notJson.error).toMatchObject({ shouldClearIdToken: true });
    expect(notJson.idToken).toBeUndefined();

    const accessToken = await failingExchange(() =>
      HttpResponse.json({
        access_token: 'looks-like-a-token',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
      }),
    );
    expect(accessToken.error).toMatchObject({ stage: 'token_exchange', shouldClearIdToken: true });
    expect(accessToken.error.message).toContain('instead of an ID-JAG');
    // Never stored as an access token, never sent to the AS.
    expect(await accessToken.s.record()).toBeUndefined();
    expect(accessToken.s.env.requests.count('token')).toBe(0);
  });

  it('[X8] token_type N_A is accepted and the ID-JAG is never stored as the access token', async () => {
    const s = await setup(msw);
    await s.seedIdToken();
    const tokens = await s.auth.authorize();
    const assertion = s.env.requests.last('token')?.params.assertion;
    expect(assertion).toBeTruthy();
    expect(tokens.access_token).not.toBe(assertion);
    expect((await s.record())?.accessToken).not.toBe(assertion);
  });

  it('[X8] a refused client at the AS keeps the id_token; a refused assertion drops it', async () => {
    const clientRefused = await setup(msw, { strategy: { clientSecret: 'wrong' } });
    await clientRefused.seedIdToken();
    const e1 = await clientRefused.auth.authorize().catch((e: unknown) => e);
    expect(e1).toMatchObject({
      stage: 'jwt_bearer',
      shouldClearIdToken: false,
      oauthError: 'invalid_client',
    });
    expect(await clientRefused.idToken()).toBeDefined();

    const s = await setup(msw);
    await s.seedIdToken();
    msw.use(
      http.post(s.env.urls.token, () =>
        HttpResponse.json({ error: 'invalid_grant' }, { status: 400 }),
      ),
    );
    const e2 = await s.auth.authorize().catch((e: unknown) => e);
    expect(e2).toMatchObject({ stage: 'jwt_bearer', shouldClearIdToken: true });
    expect(await s.idToken()).toBeUndefined();
  });

  it('[X8] authorize() with a refused cached id_token logs in once more and succeeds', async () => {
    const s = await setup(msw);
    await s.store.set(StoreKeys.idToken(s.env.idp.issuer), {
      idToken: await s.env.idp.issueIdToken({ audience: 'someone-else' }),
      expiresAt: s.clock.now() + 3600_000,
    });
    await expect(s.auth.authorize()).resolves.toMatchObject({ token_type: 'Bearer' });
    expect(s.opened).toHaveLength(1);
    expect(s.crossAppEvents()).toEqual([
      expect.objectContaining({
        reason: 'failure',
        stage: 'token_exchange',
        idTokenCacheHit: true,
      }),
      expect.objectContaining({ reason: 'success', idTokenCacheHit: false }),
    ]);
  });
});

describe('events', () => {
  it('[X9] failures carry the stage: discovery', async () => {
    const s = await setup(msw, {
      env: { authorizationServerMetadata: { grant_types_supported: ['authorization_code'] } },
    });
    await s.seedIdToken();
    await s.auth.authorize().catch(() => {});
    expect(s.crossAppEvents()).toEqual([
      {
        type: 'cross_app_access',
        serverKey: s.key,
        reason: 'failure',
        stage: 'discovery',
        idTokenCacheHit: true,
      },
    ]);
  });

  it('[X9] failures carry the stage: token_exchange and jwt_bearer, with the OAuth error and status', async () => {
    const { s } = await failingExchange(() =>
      HttpResponse.json({ error: 'invalid_target' }, { status: 400 }),
    );
    expect(s.crossAppEvents().at(-1)).toMatchObject({
      reason: 'failure',
      stage: 'token_exchange',
      oauthError: 'invalid_target',
      status: 400,
    });
    const t = await setup(msw);
    await t.seedIdToken();
    msw.use(http.post(t.env.urls.token, () => new HttpResponse('x', { status: 500 })));
    await t.auth.authorize().catch(() => {});
    expect(t.crossAppEvents().at(-1)).toMatchObject({
      reason: 'failure',
      stage: 'jwt_bearer',
      status: 500,
    });
  });

  it('[X9] failures carry the stage: idp_login', async () => {
    const s = await setup(msw);
    msw.use(
      http.get(s.env.urls.idpAuthorization, ({ request }) => {
        const url = new URL(request.url);
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('state', url.searchParams.get('state')!);
        back.searchParams.set('iss', s.env.idp.issuer);
        return HttpResponse.redirect(back.href, 302);
      }),
    );
    const error = await s.auth.authorize().catch((e: unknown) => e);
    expect(error).toMatchObject({ stage: 'idp_login', shouldClearIdToken: false });
    expect((error as Error).message).toContain('access_denied');
    expect(s.crossAppEvents()).toEqual([
      expect.objectContaining({ reason: 'failure', stage: 'idp_login', idTokenCacheHit: false }),
    ]);
  });

  it('[X8][X9] IdP discovery down: idp_login before a login, token_exchange with a cached id_token, which is kept', async () => {
    const s = await setup(msw);
    msw.use(http.get(s.env.urls.idpMetadata, () => new HttpResponse(null, { status: 404 })));
    const login = await s.auth.authorize().catch((e: unknown) => e);
    expect(login).toMatchObject({ stage: 'idp_login', shouldClearIdToken: false });
    expect(s.opened).toEqual([]);

    await s.seedIdToken();
    const exchange = await s.auth.authorize().catch((e: unknown) => e);
    expect(exchange).toMatchObject({ stage: 'token_exchange', shouldClearIdToken: false });
    expect((exchange as Error).message).toContain('OIDC discovery of the IdP');
    expect(await s.idToken()).toBeDefined();
  });

  it('[X9] a user cancel is a cancel, not a failure', async () => {
    const s = await setup(msw, { noBrowser: true });
    const controller = new AbortController();
    const pending = s.auth.authorize({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AuthenticationCancelledError);
    expect(s.crossAppEvents()).toEqual([
      { type: 'cross_app_access', serverKey: s.key, reason: 'cancelled', idTokenCacheHit: false },
    ]);
  });

  it('[X9] events never carry tokens', async () => {
    const s = await setup(msw);
    const tokens = await s.auth.authorize();
    const text = JSON.stringify(s.events) + s.logs.join('\n');
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toContain((await s.idToken())?.idToken);
  });
});
