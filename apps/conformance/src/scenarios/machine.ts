import type { MachineStrategy } from '@mcp-oauth/client-credentials';
import type { AuthEvent } from '@mcp-oauth/core';
import { type RecordedRequest, TEST_TOOL } from '@mcp-oauth/mock-servers';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError, errorCodeOf, failureOf } from './connect.js';
import { ACCESS_TOKEN_TTL, serverRecord } from './refresh.js';
import { acceptedBearer, param, type RequestWindow, requestsFrom } from './requests.js';

/** A machine strategy for one scenario, and what its token requests look like. */
export interface MachineSession {
  readonly auth: MachineStrategy;
  readonly events: AuthEvent[];
  /** `grant_type` of its token requests. */
  readonly grantType: string;
  /** SPEC IDs its grant proves (M1 client credentials, M4 workload identity). */
  readonly refs: readonly string[];
  /** How a token request must authenticate; the failure detail when it does not. */
  authenticated(request: RecordedRequest | undefined): string | undefined;
}

/** Refusals a client with no authorization endpoint meets too: discovery and the token endpoint. */
const MACHINE_REFUSALS = new Set(['D7', 'D8', 'D9', 'F3', 'H1']);

/**
 * Whether a machine strategy has anything to prove on the profile: discovery,
 * the token endpoint, its errors and its failures. Rows about the browser leg
 * (callbacks, `iss`, PKCE, consent, registration, revocation, the device
 * flow, step-up) do not concern a client with no user.
 */
export function machineApplies(profile: CatalogueProfile): boolean {
  const { traits } = profile;
  if (traits.refusal) {
    return (
      traits.refusal.refs.some((ref) => MACHINE_REFUSALS.has(ref)) &&
      (traits.redirect === undefined || traits.redirect.endpoint === 'token')
    );
  }
  if (traits.machines || traits.dpop) return true;
  return (
    !traits.redirect &&
    !traits.stepUp &&
    !traits.deviceFlow &&
    !traits.resource &&
    !profile.strayCallbacks &&
    traits.registration !== 'cimd' &&
    // Rows about revocation alone; a 2025-03-26 server without metadata has none either.
    (traits.revocation === 'client' || !traits.prm) &&
    !profile.client?.allowMissingS256 &&
    !profile.client?.redirectHost &&
    // Only the authorization response's `iss` differs on these rows.
    !['no-iss', 'iss-not-advertised'].includes(profile.id)
  );
}

/** Connects, trying again after a failure `retries` times, as a service would after a transient error. */
async function connect(auth: MachineStrategy, url: string, retries: number): Promise<Client> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectWithLogin(auth, url, { settled: async () => {} }, 1);
    } catch (error) {
      if (attempt >= retries) throw error;
    }
  }
}

/** The profile's refusal, checked on a failed connection: its code, no request it forbids, nothing stolen. */
function checkRefusal(
  ctx: ScenarioContext,
  log: RequestWindow,
  error: unknown,
  refusal: NonNullable<CatalogueProfile['traits']['refusal']>,
) {
  const { checks } = ctx;
  checks.equal(`refused with ${refusal.code}`, errorCodeOf(error), refusal.code, refusal.refs);
  if (refusal.before === 'authorize') {
    checks.equal('no token request to a refused server', log.count('token'), 0, refusal.refs);
  }
  checks.equal(
    'no request reaches another host',
    log.all().filter((r) => r.server === 'thief').length,
    0,
    ['H1'],
  );
}

/**
 * What every machine strategy proves: a token without a browser, a user or
 * a registration, authenticated as configured; no refresh token kept; one
 * new token for concurrent callers when the current one is soon-expiring
 * (read again from its source, `beforeRenewal` changing it); credentials
 * kept from an authorization server the resource moves to; the profile's
 * refusals (SPEC M1, M2, M4, H1, H2).
 */
export async function machineRuns(
  ctx: ScenarioContext,
  make: () => MachineSession,
  hooks: { beforeRenewal?: () => Promise<void>; afterRenewal?: () => Promise<void> } = {},
): Promise<void> {
  const { env, checks, clock, profile } = ctx;
  const { refusal } = profile.traits;
  const session = make();
  const log = requestsFrom(env);
  let client: Client;
  try {
    client = await connect(session.auth, env.mcp.url, profile.client?.loginRetries ?? 0);
  } catch (error) {
    if (refusal) return checkRefusal(ctx, log, error, refusal);
    checks.check('gets a token without a browser and connects', false, describeError(error), [
      ...session.refs,
      'M2',
    ]);
    return;
  }
  try {
    if (refusal) {
      checks.check(`refused with ${refusal.code}`, false, 'connected instead', refusal.refs);
      return;
    }
    const grants = log.to('token').filter((r) => r.status === 200);
    checks.check(
      'gets a token without a browser and connects',
      acceptedBearer(log.all()) &&
        grants.length === 1 &&
        param(grants[0], 'grant_type') === session.grantType,
      `${grants.length} successful token requests`,
      [...session.refs, 'M2'],
    );
    const unauthenticated = session.authenticated(grants[0]);
    checks.check('authenticates as configured', !unauthenticated, unauthenticated, session.refs);
    checks.equal(
      'no authorization, registration or callback',
      log.count('authorize') + log.count('registration'),
      0,
      ['M2'],
    );
    const before = await serverRecord(ctx, session);
    checks.equal('no refresh token expected or kept', before?.refreshToken, undefined, ['M2']);
    const { tools } = await client.listTools();
    checks.check(
      'lists tools',
      tools.some((t) => t.name === TEST_TOOL),
      undefined,
      ['M2'],
    );
    if (profile.traits.asSwitch) {
      await client.close();
      return await keepsCredentials(ctx, make());
    }
    await hooks.beforeRenewal?.();
    const renewal = requestsFrom(env);
    clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
    const [listed, again, tokens] = await Promise.all([
      client.listTools(),
      client.listTools(),
      session.auth.tokens(),
    ]);
    const renewed = renewal.to('token').filter((r) => r.status === 200);
    checks.equal(
      'soon-expiring token: one new token for three concurrent callers',
      renewed.length,
      1,
      ['M2'],
    );
    checks.check(
      'callers use the new token',
      !!tokens &&
        tokens.access_token !== before?.accessToken &&
        listed.tools.length > 0 &&
        again.tools.length > 0,
      undefined,
      ['M2'],
    );
    await hooks.afterRenewal?.();
  } catch (error) {
    checks.check('runs without an unexpected error', false, describeError(error), session.refs);
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * The resource moves to another AS once the token expires, and a new
 * process starts on the same store: the client's credentials (secret, key,
 * platform token) stay with the AS its record is bound to; the renewal
 * fails instead (SPEC H2).
 */
async function keepsCredentials(ctx: ScenarioContext, session: MachineSession) {
  const { env, checks, clock } = ctx;
  env.switchAuthorizationServer();
  const log = requestsFrom(env);
  clock.advance((ACCESS_TOKEN_TTL + 1) * 1000);
  const failure = await failureOf(async () =>
    (await connect(session.auth, env.mcp.url, 0)).close(),
  );
  const leaked = log
    .all()
    .filter((r) => r.server === 'second-authorization-server' && r.endpoint === 'token');
  checks.equal('no credentials sent to the AS the resource moved to', leaked.length, 0, ['H2']);
  checks.check(
    'a new process renewing there fails instead',
    failure !== undefined,
    failure === undefined ? 'the call succeeded' : undefined,
    ['H2'],
  );
}
