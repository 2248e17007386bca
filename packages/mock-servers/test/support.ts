import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  base64url,
  createMockEnvironment,
  type MockEnvironment,
  type MockEnvironmentOptions,
  s256,
} from '../src/index.js';

/** One MSW server per test file; the network is closed. */
export const server = setupServer();

export function useMsw(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** A mock environment whose handlers are active for the current test. */
export function mock(options: MockEnvironmentOptions = {}): MockEnvironment {
  const env = createMockEnvironment(options);
  server.use(...env.handlers);
  return env;
}

export const REDIRECT_URI = 'http://127.0.0.1:33418/callback';

export const form = (
  params: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ),
});

export const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

export async function pkce() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: await s256(verifier) };
}

export async function register(
  env: MockEnvironment,
  metadata: Record<string, unknown> = {},
): Promise<{ client_id: string; client_secret?: string }> {
  const response = await fetch(env.urls.registration, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'test',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      ...metadata,
    }),
  });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status}`);
  return response.json();
}

export interface AuthorizeParams {
  client_id: string;
  redirect_uri?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  state?: string;
  scope?: string;
  resource?: string;
  response_type?: string;
}

/** GET /authorize without following the redirect; the response. */
export function authorizeRequest(env: MockEnvironment, params: AuthorizeParams) {
  const url = new URL(env.urls.authorization);
  const all = { response_type: 'code', redirect_uri: REDIRECT_URI, state: 'st', ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

/** The redirect Location of an authorize request, parsed. */
export async function authorize(env: MockEnvironment, params: AuthorizeParams): Promise<URL> {
  const response = await authorizeRequest(env, params);
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  return new URL(response.headers.get('location') ?? '');
}

/** DCR → authorize → token exchange; the token response and the client. */
export async function login(
  env: MockEnvironment,
  options: { scope?: string; resource?: string } = {},
) {
  const client = await register(env);
  const { verifier, challenge } = await pkce();
  const resource = options.resource ?? env.urls.mcp;
  const location = await authorize(env, {
    client_id: client.client_id,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource,
    ...(options.scope ? { scope: options.scope } : {}),
  });
  const response = await fetch(
    env.urls.token,
    form(
      {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        client_id: client.client_id,
        resource,
      },
      { accept: 'application/json' },
    ),
  );
  const tokens = (await response.json()) as {
    access_token: string;
    refresh_token?: string;
    scope: string;
    expires_in: number;
    token_type: string;
  };
  return { client, tokens, status: response.status };
}

export function refresh(env: MockEnvironment, clientId: string, refreshToken: string, extra = {}) {
  return fetch(
    env.urls.token,
    form({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      ...extra,
    }),
  );
}

/** A JSON-RPC POST to the MCP server. */
export function rpc(
  env: MockEnvironment,
  method: string,
  params: Record<string, unknown> = {},
  token?: string,
) {
  return fetch(env.urls.mcp, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
}
