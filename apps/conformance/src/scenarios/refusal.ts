import type { Refusal } from '../catalogue/profiles.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError } from './connect.js';
import { checkRedirectNotFollowed, redirected } from './redirect.js';
import { bearerRequests, requestsFrom } from './requests.js';
import type { CodeSession } from './strategy.js';

/**
 * A server the client must refuse: the flow fails with the expected code,
 * the forbidden request is never made, no token is stored and no bearer
 * token reaches the MCP server. An endpoint that redirects is asked once,
 * and the redirect is not followed (SPEC H1).
 */
export async function refusedLogin(
  ctx: ScenarioContext,
  session: CodeSession,
  refusal: Refusal,
): Promise<void> {
  const { env, checks } = ctx;
  const { redirect } = ctx.profile.traits;
  const log = requestsFrom(env);
  let failure: unknown;
  try {
    const client = await connectWithLogin(session.auth, env.mcp.url, ctx.browser, 1);
    await client.close();
  } catch (error) {
    failure = error;
  }
  const code = (failure as { code?: unknown } | undefined)?.code;
  checks.check(
    `refuses the server with ${refusal.code}`,
    code === refusal.code,
    failure === undefined ? 'the login succeeded' : describeError(failure),
    refusal.refs,
  );
  if (redirect) {
    checks.equal(
      'the error carries the redirect status',
      (failure as { status?: unknown } | undefined)?.status,
      redirect.status,
      ['H1'],
    );
    checkRedirectNotFollowed(ctx, log, redirect, `${redirect.endpoint} request`);
  }
  if (refusal.before === 'authorize') {
    checks.equal('never opens the browser', ctx.browser.opened.length, 0, ['A16']);
    checks.equal('no authorization request', log.count('authorize'), 0, refusal.refs);
  }
  checks.equal(
    redirect?.endpoint === 'token' ? 'no code exchange but the redirected one' : 'no code exchange',
    log.to('token').filter((r) => !redirected(redirect, r)).length,
    0,
    refusal.refs,
  );
  checks.equal('no bearer token sent to the MCP server', bearerRequests(log.all()).length, 0, [
    'D8',
  ]);
  checks.equal('no token stored', await session.auth.tokens(), undefined, ['T1']);
  const failed = session.events.find((e) => e.type === 'authorization');
  if (ctx.browser.opened.length > 0) {
    checks.check(
      'authorization event reports the failure',
      failed !== undefined && failed.type === 'authorization' && failed.reason !== 'success',
      failed ? JSON.stringify(failed) : 'no authorization event',
      ['A13'],
    );
  }
}
