import type { RecordedRequest } from '@mcp-oauth/mock-servers';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError } from './connect.js';
import { ACCESS_TOKEN_TTL, serverRecord } from './refresh.js';
import { acceptedBearer, param, requestsFrom } from './requests.js';
import { type CodeSession, codeSession } from './strategy.js';

const atSecond = (requests: readonly RecordedRequest[], endpoint: RecordedRequest['endpoint']) =>
  requests.filter((r) => r.server === 'second-authorization-server' && r.endpoint === endpoint);

/**
 * The resource moves to another authorization server and the one that
 * issued the credentials cannot be reached (it answers 503). Another process
 * of the app, with nothing in memory, may send the refresh token to the
 * issuing server only, never to the new one: it uses the stored access
 * token while it lasts, then needs a new login, which registers at the new
 * server and binds the new credentials to it (SPEC H2). Returns that
 * process's session and client, or undefined when the new login failed.
 */
export async function switchesAuthorizationServer(
  ctx: ScenarioContext,
  previous: CodeSession,
): Promise<{ session: CodeSession; client: Client } | undefined> {
  const { env, checks, clock, profile } = ctx;
  const before = await serverRecord(ctx, previous);
  const first = env.authorizationServer.metadata();
  checks.equal(
    'the credentials are bound to the AS that issued them',
    { issuer: before?.issuer, tokenEndpoint: before?.tokenEndpoint },
    { issuer: first.issuer, tokenEndpoint: first.token_endpoint },
    ['H2'],
  );
  env.switchAuthorizationServer();
  const session = codeSession(ctx);
  const log = requestsFrom(env);
  clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
  const soon = await session.auth.tokens();
  const failed = session.events.findLast((e) => e.type === 'refresh');
  checks.check(
    'refresh event reports the failure',
    failed?.type === 'refresh' && failed.reason !== 'success',
    JSON.stringify(failed),
    ['H2', 'R6'],
  );
  checks.equal(
    'the stored access token is used while it lasts',
    soon?.access_token,
    before?.accessToken,
    ['H2', 'T3'],
  );
  checks.equal(
    'the refresh sends no token request to the new AS',
    atSecond(log.all(), 'token').length,
    0,
    ['H2'],
  );

  // Expired: the MCP server refuses the token, the refresh fails again, and only a login helps.
  clock.advance(300 * 1000);
  const relogin = requestsFrom(env);
  let client: Client;
  try {
    client = await connectWithLogin(session.auth, env.mcp.url, ctx.browser);
  } catch (error) {
    checks.check('logs in again at the new AS', false, describeError(error), ['H2']);
    return undefined;
  }
  checks.check(
    'logs in again at the new AS',
    acceptedBearer(relogin.all()) && atSecond(relogin.all(), 'token').some((r) => r.status === 200),
    relogin
      .to('token')
      .map((r) => `${r.server} ${r.status}`)
      .join(', '),
    ['H2'],
  );
  checks.equal(
    'the old refresh token goes to the AS that issued it only',
    [
      ...new Set(
        log
          .to('token')
          .filter((r) => param(r, 'refresh_token') === before?.refreshToken)
          .map((r) => r.server),
      ),
    ].filter((server) => server !== 'authorization-server'),
    [],
    ['H2'],
  );
  checks.equal(
    'the old client is not used at the new AS',
    log
      .all()
      .filter(
        (r) =>
          r.server === 'second-authorization-server' &&
          param(r, 'client_id') === before?.client?.client_id,
      ).length,
    0,
    ['H2'],
  );
  if (profile.traits.registration === 'dcr') {
    checks.equal('registers at the new AS', atSecond(relogin.all(), 'registration').length, 1, [
      'H2',
      'C1',
    ]);
  }
  const after = await serverRecord(ctx, session);
  const second = env.secondAuthorizationServer.metadata();
  checks.equal(
    'the new credentials are bound to the new AS',
    { issuer: after?.issuer, tokenEndpoint: after?.tokenEndpoint },
    { issuer: second.issuer, tokenEndpoint: second.token_endpoint },
    ['H2'],
  );
  return { session, client };
}
