/**
 * A minimal MCP-style OAuth client for tests: dynamic registration, PKCE S256
 * authorization with a resource indicator, code exchange and refresh. The
 * strategies under test do this themselves; this is for arranging state.
 */
import { createHash, randomBytes } from 'node:crypto';
import { completeAuthorization } from './interactions.js';

const form = (fields) =>
  new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== undefined));

async function json(response, what) {
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body };
}

/**
 * RFC 7591 registration of a public client with a loopback redirect URI.
 * @param {string} issuer
 * @param {Record<string, unknown>} [metadata]
 */
export async function registerClient(issuer, metadata = {}) {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: 'mcp-oauth test client',
      redirect_uris: ['http://127.0.0.1:33418/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  const { status, body } = await json(response, 'registration');
  if (status !== 201) throw new Error(`registration: HTTP ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Registers (unless `client` is given), authorizes through devInteractions
 * and exchanges the code: tokens for `resource` with `scope`.
 * @param {string} issuer
 * @param {import('./index.js').ObtainTokensOptions} options
 */
export async function obtainTokens(issuer, options) {
  const client = options.client ?? (await registerClient(issuer, options.clientMetadata));
  const redirectUri = client.redirect_uris[0];
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorizationUrl = new URL(`${issuer}/auth`);
  authorizationUrl.search = form({
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: options.scope,
    resource: options.resource,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL(
    await completeAuthorization(authorizationUrl, { issuer, login: options.login }),
  );
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(`authorization failed: ${callback.search}`);
  }
  const tokens = await tokenRequest(issuer, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    resource: options.resource,
  });
  if (tokens.status !== 200) {
    throw new Error(`code exchange: HTTP ${tokens.status}: ${JSON.stringify(tokens.body)}`);
  }
  return { client, tokens: tokens.body, callbackUrl: callback.href };
}

/**
 * A raw token endpoint request with the client's authentication.
 * @param {string} issuer
 * @param {{ client_id: string, client_secret?: string }} client
 * @param {Record<string, string | undefined>} fields
 */
export async function tokenRequest(issuer, client, fields) {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const body = form({ ...fields, client_id: client.client_id });
  if (client.client_secret) {
    body.delete('client_id');
    headers.authorization = `Basic ${Buffer.from(
      `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`,
    ).toString('base64')}`;
  }
  const response = await fetch(`${issuer}/token`, { method: 'POST', headers, body });
  return json(response, 'token request');
}
