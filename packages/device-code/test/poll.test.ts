import { ErrorCode } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { DeviceAccessDeniedError, DeviceCodeExpiredError } from '../src/index.js';
import { deviceAs, setup } from './support/device-as.js';
import { msw } from './support/msw.js';

const polls = (as: ReturnType<typeof deviceAs>) =>
  as.tokenRequests.filter((f) => f.get('grant_type')?.endsWith(':device_code')).length;

describe('deviceCode().authorize() polling (RFC 8628 §3.5)', () => {
  it('[G2] polls at the interval the server names, on the injected clock', async () => {
    const as = deviceAs(msw, {
      device: { interval: 7 },
      polls: ['authorization_pending', 'authorization_pending', 'tokens'],
    });
    const { auth, clock } = setup();
    const tokens = await auth.authorize();
    expect(tokens.access_token).toBe('at-1');
    expect(clock.sleeps).toEqual([7000, 7000, 7000]);
    expect(polls(as)).toBe(3);
    const poll = as.tokenRequests[0]!;
    expect(poll.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(poll.get('device_code')).toBe('device-code-secret');
    expect(poll.get('client_id')).toBe('client-1');
    expect(poll.get('resource')).toBe('https://mcp.example.com/mcp');
  });

  it('[G2] interval defaults to 5 s when the server names none', async () => {
    deviceAs(msw, { device: { interval: undefined }, polls: ['authorization_pending', 'tokens'] });
    const { auth, clock } = setup();
    await auth.authorize();
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('[G2] authorization_pending keeps polling, also when answered with HTTP 428 (Google)', async () => {
    const as = deviceAs(msw, {
      pendingStatus: 428,
      polls: ['authorization_pending', 'authorization_pending', 'authorization_pending', 'tokens'],
    });
    const { auth } = setup();
    await expect(auth.authorize()).resolves.toMatchObject({ access_token: 'at-1' });
    expect(polls(as)).toBe(4);
  });

  it('[G2] slow_down adds 5 s to the interval, for that poll and every later one', async () => {
    deviceAs(msw, {
      polls: ['authorization_pending', 'slow_down', 'authorization_pending', 'slow_down', 'tokens'],
    });
    const { auth, clock } = setup();
    await auth.authorize();
    expect(clock.sleeps).toEqual([5000, 5000, 10_000, 10_000, 15_000]);
  });

  it('[G2] access_denied stops polling with DeviceAccessDeniedError; nothing is stored', async () => {
    const as = deviceAs(msw, {
      polls: ['authorization_pending', 'access_denied', 'tokens'],
    });
    const { auth, events, record } = setup();
    const error = await auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceAccessDeniedError);
    expect(error).toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'access_denied',
      status: 400,
    });
    expect((error as Error).message).toBe(
      'The login to docs was denied at the authorization server (access_denied). Run the login again and approve it to connect.',
    );
    expect(polls(as)).toBe(2);
    expect((await record())?.accessToken).toBeUndefined();
    expect(events.at(-1)).toMatchObject({
      type: 'authorization',
      reason: 'provider_denied',
      oauthError: 'access_denied',
      status: 400,
    });
  });

  it('[G2] expired_token stops polling with DeviceCodeExpiredError (code TIMEOUT)', async () => {
    deviceAs(msw, { polls: ['authorization_pending', 'expired_token'] });
    const { auth, events } = setup();
    const error = await auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCodeExpiredError);
    expect(error).toMatchObject({ code: ErrorCode.Timeout, oauthError: 'expired_token' });
    expect((error as Error).message).toBe(
      'The code for docs expired before the login was finished (expired_token). Run the login again for a new code.',
    );
    expect(events.at(-1)).toMatchObject({ reason: 'timeout', oauthError: 'expired_token' });
  });

  it('[G2] the code expiring (expires_in) stops polling even if the server keeps saying pending', async () => {
    const as = deviceAs(msw, { device: { expires_in: 12 }, polls: ['authorization_pending'] });
    const { auth, clock } = setup();
    const error = await auth.authorize().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCodeExpiredError);
    expect(polls(as)).toBe(2);
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
  });

  it('[G2] the caller’s abort signal stops polling with AuthenticationCancelledError', async () => {
    const as = deviceAs(msw, { polls: ['authorization_pending'] });
    const controller = new AbortController();
    const { auth, events, clock } = setup();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      if (clock.sleeps.length === 3) controller.abort(new Error('user pressed Ctrl-C'));
      return sleep(ms, signal);
    };
    const error = await auth.authorize({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.Cancelled,
      name: 'AuthenticationCancelledError',
    });
    expect(polls(as)).toBe(3);
    expect(events.at(-1)).toMatchObject({ reason: 'cancelled' });
  });

  it('[G2] an already-aborted signal makes no request at all', async () => {
    const as = deviceAs(msw);
    const { auth } = setup();
    await expect(auth.authorize({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: ErrorCode.Cancelled,
    });
    expect(as.deviceRequests).toHaveLength(0);
  });

  it('[G2] connection trouble (HTTP 503) doubles the wait before the next poll', async () => {
    deviceAs(msw, { polls: [503, 503, 'authorization_pending', 'tokens'] });
    const { auth, clock } = setup();
    await auth.authorize();
    expect(clock.sleeps).toEqual([5000, 10_000, 20_000, 5000]);
  });

  it('[G2] any other error ends the login with the server’s answer', async () => {
    deviceAs(msw, { polls: ['authorization_pending', 'invalid_grant'] });
    const { auth, events } = setup();
    await expect(auth.authorize()).rejects.toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_grant',
    });
    expect(events.at(-1)).toMatchObject({ reason: 'token_exchange_failed' });
  });
});
