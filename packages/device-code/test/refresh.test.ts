import { ErrorCode } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AS, deviceAs, MCP, setup, TOKEN } from './support/device-as.js';
import { msw } from './support/msw.js';

describe('deviceCode() tokens after the device login (SPEC G3)', () => {
  it('[G3] stores the tokens with the client and the server that issued them (H2)', async () => {
    deviceAs(msw);
    const { auth, record, events, clock } = setup();
    const tokens = await auth.authorize();
    expect(tokens).toMatchObject({
      access_token: 'at-1',
      refresh_token: 'rt-1',
      token_type: 'Bearer',
    });
    const saved = await record();
    expect(saved).toMatchObject({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: clock.now() + 3600 * 1000,
      scope: 'mcp:read',
      client: { client_id: 'client-1' },
      issuer: AS,
      tokenEndpoint: TOKEN,
      authorizationServerUrl: AS,
    });
    expect(events).toEqual([
      { type: 'authorization', serverKey: await auth.serverKey(), reason: 'success' },
    ]);
    expect(await auth.tokens()).toMatchObject({ access_token: 'at-1' });
  });

  it('[G3] a soon-expiring token is refreshed under the lock, once for concurrent callers, at the bound endpoint', async () => {
    const as = deviceAs(msw);
    const { auth, clock, events, record } = setup();
    await auth.authorize();
    clock.advance((3600 - 100) * 1000);
    const [a, b] = await Promise.all([auth.tokens(), auth.tokens()]);
    expect(a?.access_token).toBe('at-2');
    expect(b?.access_token).toBe('at-2');
    const refreshes = as.tokenRequests.filter((f) => f.get('grant_type') === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(Object.fromEntries(refreshes[0]!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      resource: MCP,
      client_id: 'client-1',
    });
    // R8: no new refresh token in the answer: the old one is kept.
    expect((await record())?.refreshToken).toBe('rt-1');
    expect(events.at(-1)).toMatchObject({ type: 'refresh', reason: 'success' });
  });

  it('[G3] a 401 on an MCP request refreshes and retries; without a refresh token it asks for a login', async () => {
    deviceAs(msw);
    const { auth } = setup();
    await auth.authorize();
    const outcome = await auth.challenge({
      status: 401,
      wwwAuthenticate: 'Bearer error="invalid_token"',
      rejectedToken: 'at-1',
    });
    expect(outcome).toMatchObject({ kind: 'retry', tokens: { access_token: 'at-2' } });
    await auth.invalidate('tokens');
    expect(
      await auth.challenge({ status: 401, wwwAuthenticate: 'Bearer scope="mcp:write"' }),
    ).toMatchObject({ kind: 'authorize', reason: 'login' });
  });

  it('[G3] refresh invalid_grant clears the tokens: the next call needs a new device login (R5)', async () => {
    deviceAs(msw);
    const { auth, clock, record } = setup();
    await auth.authorize();
    msw.use(http.post(TOKEN, () => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })));
    clock.advance((3600 - 100) * 1000);
    await auth.tokens();
    expect((await record())?.refreshToken).toBeUndefined();
    expect((await record())?.client?.client_id).toBe('client-1');
  });

  it('[H5] a failed device login leaves the stored session as it was', async () => {
    deviceAs(msw, { polls: ['tokens'] });
    const { auth, record } = setup();
    await auth.authorize();
    const before = await record();
    msw.resetHandlers();
    deviceAs(msw, { polls: ['access_denied'] });
    await expect(auth.authorize()).rejects.toMatchObject({ code: ErrorCode.OAuth });
    expect((await record())?.accessToken).toBe(before?.accessToken);
    expect((await record())?.client).toEqual(before?.client);
  });

  it('[V6] logout revokes and clears the local tokens', async () => {
    deviceAs(msw);
    const { auth, record } = setup();
    await auth.authorize();
    await auth.logout();
    expect((await record())?.accessToken).toBeUndefined();
    expect(await auth.tokens()).toBeUndefined();
  });
});
