import { type RevocationEvent, type ServerRecord, StoreKeys, serverKey } from '@mcp-oauth/core';
import { revoke } from '@mcp-oauth/revocation';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { requestsFrom } from '../scenarios/requests.js';
import { checkSignOut } from '../scenarios/sign-out.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/**
 * `@mcp-oauth/revocation` on its own, as sign-out for any strategy: a store
 * seeded with tokens the AS issued (no login), then `revoke()` with
 * `keepDiscovery`. Hostile metadata must not receive a token.
 */
export const revocationAdapter: StrategyAdapter = {
  id: 'revocation',
  title: 'RFC 7009 sign-out on a seeded store (@mcp-oauth/revocation)',
  applies: () => true,
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
    };
    await store.set(StoreKeys.server(key), before);
    const log = requestsFrom(env);
    const event: RevocationEvent = await revoke({
      serverKey: key,
      serverUrl: env.mcp.url,
      store,
      keepDiscovery: true,
    });
    // The flaky profile's first metadata answer is a 500: revocation is skipped, best-effort (V1, V3).
    const traits =
      profile.traits.flaky === 'login'
        ? { ...profile.traits, metadata: 'unusable' as const }
        : profile.traits;
    checkSignOut(ctx, traits, {
      before,
      after: (await store.get(StoreKeys.server(key), { fresh: true })) as ServerRecord | undefined,
      requests: log.to('revocation'),
      event,
      keptDiscovery: true,
    });
  },
};
