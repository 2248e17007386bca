import { StoreKeys } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { revoke } from '../src/index.js';
import {
  AS,
  calls,
  fullRecord,
  KEY,
  MCP,
  metadata,
  REVOKE,
  revocation,
  server,
  storeWith,
} from './fixtures.js';

const run = (
  store: ReturnType<typeof storeWith>,
  extra: Partial<Parameters<typeof revoke>[0]> = {},
) => revoke({ serverKey: KEY, serverUrl: MCP, store, ...extra });

describe('revoke', () => {
  it('[V1] finds the AS from the persisted AS URL', async () => {
    server.use(metadata(), revocation());
    const event = await run(storeWith(fullRecord()));
    expect(event.revoked).toEqual(['refresh_token', 'access_token']);
    expect(calls).toHaveLength(2);
  });

  it('[V1] without a persisted AS URL, looks at the server URL (then its origin)', async () => {
    const seen: string[] = [];
    server.use(
      http.get('https://mcp.example.com/*', ({ request }) => {
        seen.push(request.url);
        return request.url === 'https://mcp.example.com/.well-known/oauth-authorization-server'
          ? HttpResponse.json({
              issuer: 'https://mcp.example.com',
              authorization_endpoint: 'https://mcp.example.com/authorize',
              token_endpoint: 'https://mcp.example.com/token',
              revocation_endpoint: 'https://mcp.example.com/revoke',
            })
          : new HttpResponse(null, { status: 404 });
      }),
      revocation(undefined, 'https://mcp.example.com/revoke'),
    );
    const event = await run(storeWith(fullRecord({ authorizationServerUrl: undefined })));
    expect(seen[0]).toBe('https://mcp.example.com/.well-known/oauth-authorization-server/mcp');
    expect(event.revoked).toEqual(['refresh_token', 'access_token']);
  });

  it('[V1] no revocation_endpoint: skips revocation with a debug line, clears tokens', async () => {
    server.use(metadata({ revocation_endpoint: undefined }));
    const debug = vi.fn();
    const store = storeWith(fullRecord());
    const event = await run(store, { logger: { debug } });
    expect(event).toEqual({ type: 'revocation', serverKey: KEY, revoked: [], skipped: true });
    expect(calls).toEqual([]);
    expect(debug).toHaveBeenCalledWith(
      'The authorization server has no revocation_endpoint; skipping revocation',
    );
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V1] no metadata at all: skips revocation, never throws, clears tokens', async () => {
    server.use(http.get(`${AS}/*`, () => new HttpResponse('down', { status: 503 })));
    const store = storeWith(fullRecord());
    const event = await run(store);
    expect(event.skipped).toBe(true);
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V3] revokes the refresh token first, then the access token, each with its hint', async () => {
    server.use(metadata(), revocation());
    await run(storeWith(fullRecord()));
    expect(calls.map((c) => c.body)).toEqual([
      { token: 'RT-secret', token_type_hint: 'refresh_token', client_id: 'client-1' },
      { token: 'AT-secret', token_type_hint: 'access_token', client_id: 'client-1' },
    ]);
  });

  it('[V3] a failure of one does not stop the other, and nothing throws', async () => {
    server.use(
      metadata(),
      revocation((_call, index) => (index === 0 ? 500 : 200)),
    );
    const event = await run(storeWith(fullRecord()));
    expect(calls).toHaveLength(2);
    expect(event).toMatchObject({
      revoked: ['access_token'],
      status: 500,
      oauthError: 'server_error',
    });
  });

  it('[V3] network errors are swallowed: the promise resolves', async () => {
    server.use(
      metadata(),
      http.post(REVOKE, () => HttpResponse.error()),
    );
    const event = await run(storeWith(fullRecord()));
    expect(event).toEqual({ type: 'revocation', serverKey: KEY, revoked: [], skipped: false });
  });

  it('[V6] local tokens are cleared whatever the server said', async () => {
    server.use(
      metadata(),
      revocation(() => 500),
    );
    const store = storeWith(fullRecord());
    await run(store);
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V6] cleared even when the caller aborts mid-way', async () => {
    server.use(metadata(), revocation());
    const controller = new AbortController();
    controller.abort();
    const store = storeWith(fullRecord());
    const event = await run(store, { signal: controller.signal });
    expect(event.revoked).toEqual([]);
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V6] with no tokens nothing is sent and the record is still cleared', async () => {
    const store = storeWith({ client: { client_id: 'c' }, authorizationServerUrl: AS });
    const event = await run(store);
    expect(event.skipped).toBe(true);
    expect(store.get(StoreKeys.server(KEY))).toBeUndefined();
  });

  it('[V7] keepDiscovery keeps only the discovery URLs and the step-up scope', async () => {
    server.use(metadata(), revocation());
    const store = storeWith(fullRecord());
    await run(store, { keepDiscovery: true });
    expect(store.get(StoreKeys.server(KEY))).toEqual({
      authorizationServerUrl: AS,
      resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
      stepUpScope: 'mcp admin',
    });
  });

  it('[V3] emits one revocation event and logs no token or secret', async () => {
    server.use(
      metadata(),
      revocation((_c, i) => (i === 0 ? 401 : 200)),
    );
    const lines: unknown[] = [];
    const onEvent = vi.fn();
    await run(storeWith(fullRecord({ client: { client_id: 'c', client_secret: 'S3cret' } })), {
      onEvent,
      logger: { debug: (...args: unknown[]) => lines.push(args) },
    });
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(onEvent.mock.calls[0]?.[0]).toMatchObject({ type: 'revocation', serverKey: KEY });
    const text = JSON.stringify(lines);
    for (const secret of ['AT-secret', 'RT-secret', 'S3cret']) expect(text).not.toContain(secret);
  });

  it('[V3] a throwing event sink does not break sign-out', async () => {
    server.use(metadata(), revocation());
    const store = storeWith(fullRecord());
    await expect(
      run(store, {
        onEvent: () => {
          throw new Error('sink');
        },
      }),
    ).resolves.toMatchObject({ revoked: ['refresh_token', 'access_token'] });
  });
});
