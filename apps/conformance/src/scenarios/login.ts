import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError } from './connect.js';
import { acceptedBearer, param, requestsFrom } from './requests.js';
import type { CodeSession } from './strategy.js';

/**
 * First login on a server the client should accept: 401, discovery,
 * registration (or not), authorization with PKCE S256 and `state`, code
 * exchange with `resource`, then a tool listing with the new token.
 * Returns the connected client, or undefined when the login failed.
 */
export async function firstLogin(
  ctx: ScenarioContext,
  session: CodeSession,
): Promise<Client | undefined> {
  const { env, checks, profile } = ctx;
  const traits = profile.traits;
  const log = requestsFrom(env);
  let client: Client | undefined;
  const failures: string[] = [];
  const attempts = 1 + (profile.client?.loginRetries ?? 0);
  for (let attempt = 0; attempt < attempts && !client; attempt++) {
    try {
      client = await connectWithLogin(session.auth, env.mcp.url, ctx.browser);
    } catch (error) {
      failures.push(describeError(error));
    }
  }
  if (!client) {
    checks.check('logs in and connects', false, failures.join(' | '), ['A12']);
    return undefined;
  }
  const authorized = acceptedBearer(log.all());
  checks.check(
    'logs in and connects',
    authorized,
    authorized ? undefined : 'connected, but the MCP server accepted no bearer token',
    ['A12'],
  );
  if (profile.strayCallbacks) {
    const strays = ctx.browser.strayStatuses;
    const exchanged = log
      .to('token')
      .filter((r) => param(r, 'grant_type') === 'authorization_code');
    checks.check(
      'stray callbacks are answered 400 and ignored; the real callback completes the login',
      strays.length > 0 &&
        strays.every((s) => s === 400) &&
        exchanged.every((r) => param(r, 'code') !== 'stolen'),
      `stray callback statuses: ${strays.join(', ') || 'none sent'}`,
      ['H4'],
    );
  }
  if (profile.traits.flaky === 'login') {
    // The app retries a login that failed on a transient error; each failure must be a typed one.
    checks.check(
      'transient failures surface as typed HTTP errors',
      failures.every((f) => /^(HTTP_ERROR|OAUTH_ERROR|TIMEOUT):/.test(f)),
      failures.join(' | ') || 'no failures',
      ['F1', 'R4'],
    );
  }

  const authorize = log.to('authorize').at(-1);
  const exchange = log.to('token').find((r) => param(r, 'grant_type') === 'authorization_code');
  if (traits.prm) {
    checks.check(
      'reads protected-resource metadata (RFC 9728)',
      log.to('protected-resource-metadata').some((r) => r.status === 200),
      undefined,
      ['D2'],
    );
  }
  const registrations = log.count('registration');
  if (traits.registration === 'dcr' && failures.length > 0) {
    // SPEC A1: every new flow starts with a fresh registration, so a retried login registers again.
    checks.check(
      'registers once per login attempt that got that far',
      registrations >= 1 && registrations <= failures.length + 1,
      `${registrations} registrations in ${failures.length + 1} attempts`,
      ['A1', 'C1'],
    );
  } else if (traits.registration === 'dcr') {
    checks.equal('registers once (RFC 7591)', registrations, 1, ['C1', 'C3']);
  } else {
    checks.equal(`no registration (${traits.registration} client)`, registrations, 0, ['C2', 'C3']);
  }
  if (traits.registration === 'cimd') {
    checks.equal(
      'client_id is the metadata document URL',
      param(authorize, 'client_id'),
      profile.client?.metadataDocument
        ? 'https://client.example.com/mcp-oauth-conformance.json'
        : undefined,
      ['C2'],
    );
  }
  checks.equal('PKCE method S256', param(authorize, 'code_challenge_method'), 'S256', ['A3', 'C7']);
  const state = param(authorize, 'state') ?? '';
  checks.check(
    'state is 32 random bytes (43 base64url chars)',
    /^[A-Za-z0-9_-]{43}$/.test(state),
    `state has ${state.length} chars`,
    ['A3'],
  );
  // Q1: a server that refuses RFC 8707 gets no resource at all.
  const resource = traits.resource === 'omitted' ? undefined : env.mcp.url;
  checks.equal(
    traits.resource === 'omitted'
      ? 'authorization request leaves resource out (omitResource)'
      : 'authorization request names the resource (RFC 8707)',
    param(authorize, 'resource'),
    resource,
    traits.resource === 'omitted' ? ['Q1'] : ['C8'],
  );
  const redirect = new URL(param(authorize, 'redirect_uri') ?? 'about:blank');
  checks.check(
    'redirect URI is a loopback /callback (RFC 8252)',
    ['127.0.0.1', 'localhost'].includes(redirect.hostname) && redirect.pathname === '/callback',
    redirect.href,
    ['A2'],
  );
  checks.check(
    'code exchange sends the PKCE verifier',
    !!param(exchange, 'code_verifier'),
    undefined,
    ['A3'],
  );
  checks.equal('code exchange names the resource', param(exchange, 'resource'), resource, ['C8']);
  const auth = exchange?.clientAuth;
  const expectedAuth =
    traits.clientAuth === 'client_secret_basic'
      ? 'basic'
      : traits.clientAuth === 'client_secret_post'
        ? 'post'
        : 'none';
  checks.equal(`client authenticates with ${traits.clientAuth}`, auth, expectedAuth, ['C6']);
  checks.check(
    'authorization event: success',
    session.events.some((e) => e.type === 'authorization' && e.reason === 'success'),
    undefined,
    ['A13'],
  );
  checks.equal(
    'callback page answered 200 after the exchange',
    ctx.browser.lastCallbackStatus(),
    200,
    ['A17'],
  );

  try {
    const tools = await client.listTools();
    checks.check(
      'lists tools with the new token',
      tools.tools.some((t) => t.name === 'test-tool'),
    );
  } catch (error) {
    checks.check('lists tools with the new token', false, describeError(error));
  }
  return client;
}
