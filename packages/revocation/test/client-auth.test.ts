import { describe, expect, it } from 'vitest';
import { basicAuthorization, chooseClientAuth, revoke } from '../src/index.js';
import {
  calls,
  fullRecord,
  KEY,
  MCP,
  metadata,
  revocation,
  server,
  storeWith,
} from './fixtures.js';

describe('chooseClientAuth', () => {
  it('[V2] prefers the revocation list over the token endpoint list', () => {
    expect(
      chooseClientAuth({
        revocation_endpoint_auth_methods_supported: ['client_secret_post'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      }),
    ).toBe('client_secret_post');
    expect(
      chooseClientAuth({ token_endpoint_auth_methods_supported: ['client_secret_post', 'none'] }),
    ).toBe('client_secret_post');
  });

  it('[V2] post only when the list lacks basic and has post; otherwise basic', () => {
    expect(
      chooseClientAuth({
        revocation_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      }),
    ).toBe('client_secret_basic');
    expect(chooseClientAuth({ revocation_endpoint_auth_methods_supported: ['none'] })).toBe(
      'client_secret_basic',
    );
    expect(chooseClientAuth({})).toBe('client_secret_basic');
  });
});

describe('client authentication on the wire', () => {
  it('[V4] basic: Authorization is Basic of the form-urlencoded id and secret, none in the body', async () => {
    server.use(metadata(), revocation());
    const store = storeWith(
      fullRecord({ client: { client_id: 'my client', client_secret: 'p@ss:wörd' } }),
    );
    await revoke({ serverKey: KEY, serverUrl: MCP, store });
    const expected = `Basic ${Buffer.from('my+client:p%40ss%3Aw%C3%B6rd').toString('base64')}`;
    expect(basicAuthorization('my client', 'p@ss:wörd')).toBe(expected);
    expect(calls[0]?.authorization).toBe(expected);
    expect(calls[0]?.body).toEqual({ token: 'RT-secret', token_type_hint: 'refresh_token' });
  });

  it('[V4] post: client_id and client_secret in the body, no Authorization', async () => {
    server.use(
      metadata({ token_endpoint_auth_methods_supported: ['client_secret_post'] }),
      revocation(),
    );
    const store = storeWith(fullRecord({ client: { client_id: 'c', client_secret: 's' } }));
    await revoke({ serverKey: KEY, serverUrl: MCP, store });
    expect(calls[0]).toEqual({
      authorization: null,
      body: {
        token: 'RT-secret',
        token_type_hint: 'refresh_token',
        client_id: 'c',
        client_secret: 's',
      },
    });
  });

  it('[V4] the secret may come from the client-secret store (pre-configured client)', async () => {
    server.use(metadata(), revocation());
    const store = storeWith(fullRecord({ client: { client_id: 'c' } }), 'from-store');
    await revoke({ serverKey: KEY, serverUrl: MCP, store });
    expect(calls[0]?.authorization).toBe(`Basic ${btoa('c:from-store')}`);
  });

  it('[V4] a client from configuration (not in the record) authenticates the request', async () => {
    server.use(metadata(), revocation());
    const store = storeWith(fullRecord({ client: undefined }));
    await revoke({
      serverKey: KEY,
      serverUrl: MCP,
      store,
      client: { client_id: 'cfg', client_secret: 'cfg-secret' },
    });
    expect(calls[0]?.authorization).toBe(`Basic ${btoa('cfg:cfg-secret')}`);
  });

  it('[V4] a public client puts client_id in the body; without any client the request is still sent', async () => {
    server.use(metadata(), revocation());
    await revoke({ serverKey: KEY, serverUrl: MCP, store: storeWith(fullRecord()) });
    expect(calls[0]).toEqual({
      authorization: null,
      body: { token: 'RT-secret', token_type_hint: 'refresh_token', client_id: 'client-1' },
    });
    calls.length = 0;
    await revoke({
      serverKey: KEY,
      serverUrl: MCP,
      store: storeWith(fullRecord({ client: undefined })),
    });
    expect(calls.map((c) => c.body)).toEqual([
      { token: 'RT-secret', token_type_hint: 'refresh_token' },
      { token: 'AT-secret', token_type_hint: 'access_token' },
    ]);
  });

  it('[V5] a 401 is retried once with Bearer <access token> and no client credentials at all', async () => {
    server.use(
      metadata(),
      revocation((call) => (call.authorization?.startsWith('Bearer') ? 200 : 401)),
    );
    const store = storeWith(fullRecord({ client: { client_id: 'c', client_secret: 's' } }));
    const event = await revoke({ serverKey: KEY, serverUrl: MCP, store });
    expect(calls).toEqual([
      {
        authorization: `Basic ${btoa('c:s')}`,
        body: { token: 'RT-secret', token_type_hint: 'refresh_token' },
      },
      {
        authorization: 'Bearer AT-secret',
        body: { token: 'RT-secret', token_type_hint: 'refresh_token' },
      },
      {
        authorization: `Basic ${btoa('c:s')}`,
        body: { token: 'AT-secret', token_type_hint: 'access_token' },
      },
      {
        authorization: 'Bearer AT-secret',
        body: { token: 'AT-secret', token_type_hint: 'access_token' },
      },
    ]);
    expect(event.revoked).toEqual(['refresh_token', 'access_token']);
  });

  it('[V5] the Bearer retry drops client_id and client_secret from a post body', async () => {
    server.use(
      metadata({ revocation_endpoint_auth_methods_supported: ['client_secret_post'] }),
      revocation((call) => (call.authorization ? 200 : 401)),
    );
    const store = storeWith(fullRecord({ client: { client_id: 'c', client_secret: 's' } }));
    await revoke({ serverKey: KEY, serverUrl: MCP, store });
    expect(calls[1]).toEqual({
      authorization: 'Bearer AT-secret',
      body: { token: 'RT-secret', token_type_hint: 'refresh_token' },
    });
  });

  it('[V5] no retry without an access token, and only one retry with one', async () => {
    server.use(
      metadata(),
      revocation(() => 401),
    );
    const store = storeWith(fullRecord({ accessToken: undefined }));
    const event = await revoke({ serverKey: KEY, serverUrl: MCP, store });
    expect(calls).toHaveLength(1);
    expect(event).toMatchObject({ revoked: [], status: 401, oauthError: 'invalid_client' });
    calls.length = 0;
    await revoke({ serverKey: KEY, serverUrl: MCP, store: storeWith(fullRecord()) });
    expect(calls).toHaveLength(4);
  });
});
