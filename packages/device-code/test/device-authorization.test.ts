import { ErrorCode } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { describe, expect, it } from 'vitest';
import { deviceCode } from '../src/index.js';
import { AS, deviceAs, MCP, setup } from './support/device-as.js';
import { msw } from './support/msw.js';

describe('deviceCode().authorize() device authorization request (RFC 8628 §3.1)', () => {
  it('[G1] registers a public client for the device grant, then asks with scope and resource', async () => {
    const as = deviceAs(msw);
    const { auth } = setup();
    await auth.authorize();
    expect(as.registrations).toEqual([
      {
        client_name: 'MCP client (docs)',
        application_type: 'native',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'none',
      },
    ]);
    const request = as.deviceRequests[0]!;
    expect(Object.fromEntries(request)).toEqual({
      client_id: 'client-1',
      scope: 'mcp:read',
      resource: MCP,
    });
  });

  it('[G1] a configured client id is used as is: no registration', async () => {
    const as = deviceAs(msw);
    const { auth, record } = setup({ clientId: 'pre-registered', scope: 'mcp:write' });
    await auth.authorize();
    expect(as.registrations).toHaveLength(0);
    expect(as.deviceRequests[0]?.get('client_id')).toBe('pre-registered');
    expect(as.deviceRequests[0]?.get('scope')).toBe('mcp:write');
    expect((await record())?.client).toEqual({ client_id: 'pre-registered' });
  });

  it('[Q1] omitResource leaves resource out of the device request, the polls and the refresh', async () => {
    const as = deviceAs(msw);
    const { auth, clock } = setup({ omitResource: true });
    await auth.authorize();
    clock.advance(3500 * 1000);
    await auth.tokens();
    expect(as.deviceRequests[0]?.has('resource')).toBe(false);
    expect(as.tokenRequests.map((f) => f.get('grant_type'))).toEqual([
      'urn:ietf:params:oauth:grant-type:device_code',
      'refresh_token',
    ]);
    expect(as.tokenRequests.every((f) => !f.has('resource'))).toBe(true);
  });

  it('[Q1] authorizationParams reach the device request (Auth0 audience)', async () => {
    const as = deviceAs(msw);
    const { auth } = setup({ authorizationParams: { audience: 'https://api.example.com' } });
    await auth.authorize();
    expect(as.deviceRequests[0]?.get('audience')).toBe('https://api.example.com');
  });

  it('[G1] a server without a device_authorization_endpoint is a configuration error', async () => {
    deviceAs(msw, { metadata: { device_authorization_endpoint: undefined } });
    const { auth, events } = setup();
    await expect(auth.authorize()).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: `The authorization server ${AS} of docs advertises no device_authorization_endpoint: it does not offer the device login (RFC 8628). Use the authorization code strategy for this server.`,
    });
    expect(events.at(-1)).toMatchObject({ reason: 'auth_request_failed' });
  });

  it('[G1] a user_code with control characters is refused before it reaches the terminal', async () => {
    deviceAs(msw, { device: { user_code: 'ABCD\u001b]0;pwned\u0007' } });
    const { auth, written } = setup();
    await expect(auth.authorize()).rejects.toMatchObject({ code: ErrorCode.InvalidResponse });
    expect(written()).toBe('');
  });

  it('[G1] a javascript: verification URI is refused; an unsafe verification_uri_complete is dropped', async () => {
    deviceAs(msw, { device: { verification_uri: 'javascript:alert(1)' } });
    await expect(setup().auth.authorize()).rejects.toMatchObject({ code: ErrorCode.InsecureUrl });
    msw.resetHandlers();
    deviceAs(msw, { device: { verification_uri_complete: 'http://evil.example/device' } });
    const { auth, written } = setup();
    await auth.authorize();
    expect(written()).toContain(`${AS}/device`);
    expect(written()).not.toContain('evil.example');
  });

  it('[G1] Google’s verification_url spelling is accepted', async () => {
    deviceAs(msw, {
      device: {
        verification_uri: undefined,
        verification_uri_complete: undefined,
        verification_url: 'https://www.google.com/device',
      },
    });
    const { auth, written } = setup();
    await auth.authorize();
    expect(written()).toContain('https://www.google.com/device');
  });
});

describe('deviceCode() options', () => {
  const base = {
    server: { name: 'docs', type: 'streamable-http', url: MCP },
    store: memoryStore(),
  };
  it('[G1] invalid options are refused up front with a TypeError', () => {
    expect(() => deviceCode({ ...base, onUserCode: 'yes' as never })).toThrow(
      'deviceCode() requires onUserCode to be a function',
    );
    expect(() => deviceCode({ ...base, defaultIntervalSeconds: 0 })).toThrow(
      'deviceCode() requires defaultIntervalSeconds to be at least 1',
    );
    expect(() => deviceCode({ ...base, authorizationParams: { client_id: 'x' } })).toThrow(
      'deviceCode() sets client_id itself; remove it from authorizationParams',
    );
    expect(() => deviceCode({ ...base, server: { ...base.server, name: '' } })).toThrow(
      'deviceCode() requires server.name',
    );
  });
});
