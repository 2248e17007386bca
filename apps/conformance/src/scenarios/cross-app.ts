import type { AuthEvent, CrossAppAccessEvent } from '@mcp-oauth/core';
import {
  type CrossAppAccessStrategy,
  crossAppAccess,
  idpConnection,
} from '@mcp-oauth/cross-app-access';
import { isAuthorizationRequired, sdkAuth } from '@mcp-oauth/mcp-sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ScenarioContext } from '../strategies/types.js';

/** The AS client secret of this app (cross-app access authenticates at the AS, SPEC X3). */
export const AS_CLIENT_SECRET = 'conformance-as-secret';

/** A cross-app access strategy for one scenario and its events. */
export interface CrossAppSession {
  readonly auth: CrossAppAccessStrategy;
  readonly events: AuthEvent[];
  crossAppEvents(): CrossAppAccessEvent[];
}

/** Builds `crossAppAccess()` as an enterprise app would: IdP connection once, AS client per server. */
export function crossAppSession(ctx: ScenarioContext): CrossAppSession {
  const { env, store, clock, browser } = ctx;
  const events: AuthEvent[] = [];
  const idp = idpConnection({
    issuer: env.idp.issuer,
    clientId: env.idp.clientId,
    openBrowser: (url) => browser.open(url),
    timeoutMs: 10_000,
  });
  const auth = crossAppAccess({
    server: { name: 'conformance', type: 'streamable-http', url: env.mcp.url },
    store,
    idp,
    clientId: env.authorizationServer.client.client_id,
    clientSecret: AS_CLIENT_SECRET,
    clock,
    onEvent: (event) => events.push(event),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  return {
    auth,
    events,
    crossAppEvents: () =>
      events.filter((e): e is CrossAppAccessEvent => e.type === 'cross_app_access'),
  };
}

/** Connects through the MCP SDK; when the server wants authorization, logs in at the IdP and retries once. */
export async function connectCrossApp(
  ctx: ScenarioContext,
  session: CrossAppSession,
): Promise<Client> {
  for (let attempt = 0; ; attempt++) {
    const client = new Client({ name: 'mcp-oauth-conformance', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(ctx.env.mcp.url), {
      ...sdkAuth(session.auth),
    });
    try {
      await client.connect(transport);
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      if (!isAuthorizationRequired(error) || attempt >= 1) throw error;
      try {
        await session.auth.authorize();
      } finally {
        await ctx.browser.settled();
      }
    }
  }
}
