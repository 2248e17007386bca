import { type JsonValue, type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import { memoryStore } from '@mcp-oauth/store-memory';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** MSW with the network closed. */
export const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

export const AS = 'https://auth.example.com';
export const MCP = 'https://mcp.example.com/mcp';
export const KEY = 'docs|0123456789abcdef';
export const REVOKE = `${AS}/revoke`;

/** One revocation request as the server saw it. */
export interface Call {
  authorization: string | null;
  body: Record<string, string>;
}
export const calls: Call[] = [];

/** AS metadata handler at the RFC 8414 root location. */
export const metadata = (extra: Record<string, unknown> = {}, issuer = AS): HttpHandler =>
  http.get(`${issuer}/.well-known/oauth-authorization-server`, () =>
    HttpResponse.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/revoke`,
      ...extra,
    }),
  );

/** A revocation endpoint answering `status(call)` and recording every call. */
export const revocation = (
  status: (call: Call, index: number) => number = () => 200,
  url = REVOKE,
) =>
  http.post(url, async ({ request }) => {
    const call: Call = {
      authorization: request.headers.get('authorization'),
      body: Object.fromEntries(new URLSearchParams(await request.text())),
    };
    calls.push(call);
    const code = status(call, calls.length - 1);
    return code === 200
      ? new HttpResponse(null, { status: 200 })
      : HttpResponse.json(
          { error: code === 401 ? 'invalid_client' : 'server_error' },
          { status: code },
        );
  });

/** A store holding one server record (and optionally a client secret). */
export function storeWith(record: ServerRecord, secret?: string) {
  const initial: Record<string, ServerRecord | string> = { [StoreKeys.server(KEY)]: record };
  if (secret) initial[StoreKeys.clientSecret(KEY)] = secret;
  return memoryStore({ initial });
}

/** A record with both tokens, a public client and discovery state; `undefined` removes a field. */
export const fullRecord = (
  extra: { [field: string]: JsonValue | undefined } = {},
): ServerRecord => {
  const record: { [field: string]: JsonValue | undefined } = {
    accessToken: 'AT-secret',
    refreshToken: 'RT-secret',
    expiresAt: 1,
    scope: 'mcp',
    client: { client_id: 'client-1' },
    authorizationServerUrl: AS,
    resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    stepUpScope: 'mcp admin',
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as ServerRecord;
};
