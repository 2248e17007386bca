import { isAuthorizationRequired } from '@mcp-oauth/mcp-sdk';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ScenarioContext } from '../strategies/types.js';
import { connectWithLogin, describeError } from './connect.js';
import { param, requestsFrom } from './requests.js';
import type { CodeSession } from './strategy.js';

/**
 * A tool answers 403 `insufficient_scope`: the client asks for the union of
 * its scope and the challenged one in a new login, and the tool works after.
 */
export async function stepsUp(
  ctx: ScenarioContext,
  session: CodeSession,
  client: Client,
  stepUp: { tool: string; scope: string },
): Promise<Client | undefined> {
  const { env, checks } = ctx;
  const denied = await client.callTool({ name: stepUp.tool, arguments: {} }).then(
    () => undefined,
    (error: unknown) => error,
  );
  const info = denied as { reason?: string; scope?: string } | undefined;
  checks.check(
    '403 insufficient_scope asks for step-up',
    isAuthorizationRequired(denied) && info?.reason === 'step_up',
    denied === undefined ? 'the tool call succeeded without the scope' : describeError(denied),
    ['S1', 'S2'],
  );
  await client.close().catch(() => {});
  const log = requestsFrom(env);
  let stepped: Client;
  try {
    await session.auth.authorize();
    await ctx.browser.settled();
    stepped = await connectWithLogin(session.auth, env.mcp.url, ctx.browser);
  } catch (error) {
    checks.check('step-up login succeeds', false, describeError(error), ['S3']);
    return undefined;
  }
  const requested = (param(log.to('authorize').at(-1), 'scope') ?? '').split(' ');
  checks.check(
    'step-up asks for the union of current and challenged scopes',
    requested.includes(stepUp.scope) && requested.length > 1,
    requested.join(' '),
    ['S3', 'S4'],
  );
  try {
    const result = await stepped.callTool({ name: stepUp.tool, arguments: {} });
    checks.check(`calls ${stepUp.tool} after step-up`, result.isError !== true, undefined, ['S3']);
  } catch (error) {
    checks.check(`calls ${stepUp.tool} after step-up`, false, describeError(error), ['S3']);
  }
  return stepped;
}
