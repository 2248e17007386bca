import type { RevocationEvent } from '@mcp-oauth/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { switchesAuthorizationServer } from '../scenarios/as-switch.js';
import { firstLogin } from '../scenarios/login.js';
import { refreshes, revokedGrantRecovers, serverRecord } from '../scenarios/refresh.js';
import { refusedLogin } from '../scenarios/refusal.js';
import { requestsFrom } from '../scenarios/requests.js';
import { checkSignOut } from '../scenarios/sign-out.js';
import { stepsUp } from '../scenarios/step-up.js';
import { codeSession } from '../scenarios/strategy.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/**
 * `@mcp-oauth/authorization-code` through the MCP SDK, as an application
 * uses it: connect, log in when asked, list tools, refresh, follow the
 * resource to another AS, step up, lose the grant and log in again, sign
 * out. Hostile servers must be refused, or survived without leaking a
 * credential. Profiles about the IdP alone do not apply.
 */
export const authorizationCodeAdapter: StrategyAdapter = {
  id: 'authorization-code',
  title: 'authorization code + PKCE with a loopback callback (@mcp-oauth/authorization-code)',
  applies: (profile) =>
    !profile.traits.redirect?.endpoint.startsWith('idp-') && !profile.traits.machines,
  describe: (profile: CatalogueProfile) =>
    profile.traits.refusal
      ? `refuses: ${profile.title}`
      : `login, tools, refresh${profile.traits.asSwitch ? ', AS switch' : ''}${profile.traits.stepUp ? ', step-up' : ''}, sign-out: ${profile.title}`,
  async run(ctx: ScenarioContext) {
    let session = codeSession(ctx);
    const { refusal } = ctx.profile.traits;
    if (refusal) return refusedLogin(ctx, session, refusal);
    let client: Client | undefined = await firstLogin(ctx, session);
    if (!client) return;
    try {
      await refreshes(ctx, session, client);
      if (ctx.profile.traits.asSwitch) {
        await client.close();
        const moved = await switchesAuthorizationServer(ctx, session);
        if (!moved) return;
        ({ session, client } = moved);
      }
      const stepUp = ctx.profile.traits.stepUp;
      if (stepUp) {
        client = await stepsUp(ctx, session, client, stepUp);
        if (!client) return;
      }
      if (ctx.profile.traits.refresh !== 'none') {
        await client.close();
        client = await revokedGrantRecovers(ctx, session);
        if (!client) return;
      }
      const before = await serverRecord(ctx, session);
      const log = requestsFrom(ctx.env);
      await session.auth.logout();
      checkSignOut(ctx, ctx.profile.traits, {
        before,
        after: await serverRecord(ctx, session),
        requests: log.to('revocation'),
        event: session.events.findLast((e): e is RevocationEvent => e.type === 'revocation'),
      });
      ctx.checks.equal('no tokens after sign-out', await session.auth.tokens(), undefined, ['V6']);
    } finally {
      await client?.close().catch(() => {});
    }
  },
};
