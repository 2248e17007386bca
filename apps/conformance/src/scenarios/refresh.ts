import { type ServerRecord, StoreKeys, type Strategy } from '@mcp-oauth/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError } from './connect.js';
import { acceptedBearer, param, requestsFrom } from './requests.js';
import type { CodeSession } from './strategy.js';

/** Access token lifetime of the mocks (their default), seconds. */
export const ACCESS_TOKEN_TTL = 3600;

/** The record the strategy keeps for the scenario's server. */
export async function serverRecord(
  ctx: ScenarioContext,
  session: { readonly auth: Pick<Strategy, 'serverKey'> },
): Promise<ServerRecord | undefined> {
  return (await ctx.store.get(StoreKeys.server(await session.auth.serverKey()), { fresh: true })) as
    | ServerRecord
    | undefined;
}

/**
 * Refresh as the profile allows it: a soon-expiring token is refreshed once
 * for two concurrent callers, with `resource`; a rotated refresh token is
 * stored before use (a second refresh proves it, since reuse revokes the
 * grant); without refresh tokens an expired token means "log in".
 */
export async function refreshes(
  ctx: ScenarioContext,
  session: CodeSession,
  client: Client,
): Promise<void> {
  const { env, checks, clock, profile } = ctx;
  const { auth } = session;
  const before = await serverRecord(ctx, session);
  if (profile.traits.refresh === 'none') {
    checks.equal('no refresh token stored', before?.refreshToken, undefined, ['T5']);
    const log = requestsFrom(env);
    clock.advance((ACCESS_TOKEN_TTL + 1) * 1000);
    checks.equal('expired token without refresh token: no tokens', await auth.tokens(), undefined, [
      'T2',
    ]);
    checks.equal('no refresh attempted', log.count('token'), 0, ['T2']);
    return;
  }
  const log = requestsFrom(env);
  clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
  const [a, b] = await Promise.all([auth.tokens(), auth.tokens()]);
  const refreshRequests = log.to('token').filter((r) => param(r, 'grant_type') === 'refresh_token');
  const succeeded = refreshRequests.filter((r) => r.status === 200);
  checks.equal('soon-expiring token: one refresh for two callers', succeeded.length, 1, ['T3']);
  if (profile.traits.flaky === 'refresh') {
    checks.check(
      'transient failures retried with 1 s, 2 s back-off',
      refreshRequests.length === 3 && clock.skippedMs >= 3000,
      `${refreshRequests.length} refresh requests, ${clock.skippedMs} ms of back-off`,
      ['R4'],
    );
  }
  checks.check(
    'callers get the new access token',
    !!a && a.access_token !== before?.accessToken && a.access_token === b?.access_token,
    undefined,
    ['T3', 'T6'],
  );
  checks.equal(
    'refresh names the resource (RFC 8707)',
    param(refreshRequests.at(-1), 'resource'),
    profile.traits.resource === 'omitted' ? undefined : env.mcp.url,
    ['R3', 'C8'],
  );
  checks.check(
    'refresh event: success',
    session.events.some((e) => e.type === 'refresh' && e.reason === 'success'),
    undefined,
    ['R6'],
  );
  const after = await serverRecord(ctx, session);
  if (profile.traits.refresh === 'static') {
    checks.equal(
      'refresh token kept when none is returned',
      after?.refreshToken,
      before?.refreshToken,
      ['R8'],
    );
  } else {
    checks.check(
      'rotated refresh token stored',
      !!after?.refreshToken && after.refreshToken !== before?.refreshToken,
      undefined,
      ['R8'],
    );
    clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
    const again = await auth.tokens();
    checks.check(
      'second refresh uses the rotated token (reuse would revoke the grant)',
      !!again &&
        again.access_token !== a?.access_token &&
        env.authorizationServer.isActive(again.access_token),
      undefined,
      ['R7', 'R8'],
    );
  }
  try {
    const result = await client.callTool({ name: 'test-tool', arguments: {} });
    checks.check('calls a tool with the refreshed token', result.isError !== true);
  } catch (error) {
    checks.check('calls a tool with the refreshed token', false, describeError(error));
  }
}

/**
 * The AS revokes the grant: the refresh gets `invalid_grant` (from a 200
 * error body on Slack- and GitHub-style servers, once normalised), the
 * tokens are dropped but the client kept, and a new login recovers.
 */
export async function revokedGrantRecovers(
  ctx: ScenarioContext,
  session: CodeSession,
): Promise<Client | undefined> {
  const { env, checks, clock, profile } = ctx;
  const before = await serverRecord(ctx, session);
  if (!before?.refreshToken) return undefined;
  env.authorizationServer.revokeGrant(before.refreshToken);
  clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
  const tokens = await session.auth.tokens();
  checks.equal('revoked grant: refresh ends with no tokens', tokens, undefined, ['R5']);
  const refresh = session.events.filter((e) => e.type === 'refresh').at(-1);
  checks.equal(
    profile.traits.errorBodies200
      ? 'HTTP 200 error body read as invalid_grant'
      : 'refresh event: invalid_grant',
    refresh?.reason,
    'invalid_grant',
    profile.traits.errorBodies200 ? ['N3', 'N4', 'R6'] : ['R6'],
  );
  const after = await serverRecord(ctx, session);
  if (profile.traits.registration === 'dcr') {
    checks.check('client registration kept', !!after?.client?.client_id, undefined, ['R5']);
  }
  const relogin = requestsFrom(env);
  try {
    const client = await connectWithLogin(session.auth, env.mcp.url, ctx.browser);
    const authorized = acceptedBearer(relogin.all());
    checks.check(
      'logs in again',
      authorized,
      authorized ? undefined : 'connected, but the MCP server accepted no bearer token',
    );
    return client;
  } catch (error) {
    checks.check('logs in again', false, describeError(error));
    return undefined;
  }
}
