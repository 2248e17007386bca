import {
  type AuthorizationCodeOptions,
  type AuthorizationCodeStrategy,
  authorizationCode,
} from '@mcp-oauth/authorization-code';
import type { AuthEvent } from '@mcp-oauth/core';
import { githubQuirks, normalizeErrors, slackQuirks } from '@mcp-oauth/normalize-errors';
import { CLIENT_METADATA_URL } from '../catalogue/profiles.js';
import type { ScenarioContext } from '../strategies/types.js';

/** A strategy instance for one scenario and the events it emitted. */
export interface CodeSession {
  readonly auth: AuthorizationCodeStrategy;
  readonly events: AuthEvent[];
  readonly warnings: string[];
}

/**
 * Builds the authorization code strategy the way a user would configure it
 * for the profile; `extra` options (DPoP) go on top.
 */
export function codeSession(
  ctx: ScenarioContext,
  extra: Partial<AuthorizationCodeOptions> = {},
): CodeSession {
  const { env, profile, store, clock, browser } = ctx;
  const client = profile.client ?? {};
  const events: AuthEvent[] = [];
  const warnings: string[] = [];
  const auth = authorizationCode({
    server: { name: 'conformance', type: 'streamable-http', url: env.mcp.url },
    store,
    clock,
    // A lost callback fails the scenario in seconds, not after the 5-minute default.
    timeoutMs: 10_000,
    openBrowser: (url) => browser.open(url),
    onEvent: (event) => events.push(event),
    logger: { warn: (message) => warnings.push(message) },
    ...(client.preRegistered ? { clientId: env.authorizationServer.client.client_id } : {}),
    ...(client.secret && env.authorizationServer.client.client_secret
      ? { clientSecret: env.authorizationServer.client.client_secret }
      : {}),
    ...(client.metadataDocument ? { clientMetadataUrl: CLIENT_METADATA_URL } : {}),
    ...(client.redirectHost ? { redirectHost: client.redirectHost } : {}),
    ...(client.allowMissingS256 ? { allowMissingS256: true } : {}),
    ...(client.omitResource ? { omitResource: true } : {}),
    ...(client.authorizationParams ? { authorizationParams: client.authorizationParams } : {}),
    // The strategy has no quirks option; its fetch is where a provider's table goes (SPEC N6).
    ...(client.quirks
      ? {
          fetch: normalizeErrors(ctx.fetch ?? fetch, {
            quirks: [client.quirks === 'github' ? githubQuirks : slackQuirks],
          }),
        }
      : ctx.fetch
        ? { fetch: ctx.fetch }
        : {}),
    ...extra,
  });
  return { auth, events, warnings };
}
