import { type RevocationEvent, type ServerRecord, StoreKeys, serverKey } from '@mcp-oauth/core';
import { revoke } from '@mcp-oauth/revocation';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { requestsFrom } from '../scenarios/requests.js';
import { checkSignOut } from '../scenarios/sign-out.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/**
 * `@mcp-oauth/revocation` on its own, as sign-out for any strategy: a store
 * seeded with tokens the AS issued (no login), then `revoke()` with
 * `keepDiscovery`. Hostile metadata must not receive a token, nor a server
 * the resource moved to (SPEC H2), nor a redirect's target (H1). Profiles
 * that redirect another endpoint than revocation do not apply.
 */
export const revocationAdapter: StrategyAdapter = {
  id: 'revocation',
  title: 'RFC 7009 sign-out on a seeded store (@mcp-oauth/revocation)',
  applies: (profile) =>
    (profile.traits.redirect?.endpoint ?? 'revocation') === 'revocation' &&
    !profile.traits.machines,
  describe: (profile: CatalogueProfile) => `sign-out: ${profile.title}`,
  async run(ctx: ScenarioContext) {
    const { env, store, profile } = ctx;
    const key = await serverKey({ name: 'conformance', type: 'streamable-http', url: env.mcp.url });
    const client = env.authorizationServer.client;
    const issued = env.authorizationServer.issueTokens({ clientId: client.client_id });
    const before: ServerRecord = {
      client: {
        client_id: client.client_id,
        ...(client.client_secret && profile.traits.clientAuth !== 'none'
          ? { client_secret: client.client_secret }
          : {}),
      },
      accessToken: issued.access_token,
      ...(issued.refresh_token ? { refreshToken: issued.refresh_token } : {}),
      expiresAt: ctx.clock.now() + 3_600_000,
      // SPEC D4: discovery persisted the AS URL; 2025-03-26 servers had none (V1 falls back).
      ...(profile.traits.prm ? { authorizationServerUrl: env.urls.issuer } : {}),
      // SPEC H2: the login bound the credentials to the issuing AS.
      issuer: env.urls.issuer,
      tokenEndpoint: env.urls.token,
    };
    await store.set(StoreKeys.server(key), before);
    // The resource moved to another AS and the issuing one is unreachable: no token goes anywhere.
    if (profile.traits.asSwitch) env.switchAuthorizationServer();
    const log = requestsFrom(env);
    const event: RevocationEvent = await revoke({
      serverKey: key,
      serverUrl: env.mcp.url,
      store,
      keepDiscovery: true,
    });
    // The flaky profile's first metadata answer is a 500, and the moved-away AS answers 503:
    // revocation is skipped, best-effort (V1, V3).
    const traits =
      profile.traits.flaky === 'login' || profile.traits.asSwitch
        ? { ...profile.traits, metadata: 'unusable' as const }
        : profile.traits;
    checkSignOut(ctx, traits, {
      before,
      after: (await store.get(StoreKeys.server(key), { fresh: true })) as ServerRecord | undefined,
      requests: log.to('revocation'),
      event,
      keptDiscovery: true,
    });
    if (profile.traits.asSwitch) {
      ctx.checks.equal(
        'no request to the AS the resource moved to',
        log.all().filter((r) => r.server === 'second-authorization-server').length,
        0,
        ['H2'],
      );
    }
  },
};
