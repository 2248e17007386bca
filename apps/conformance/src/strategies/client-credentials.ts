import { generateKeyPairSync } from 'node:crypto';
import { clientCredentials, type PrivateJwk } from '@mcp-oauth/client-credentials';
import type { AuthEvent } from '@mcp-oauth/core';
import { CLIENT_ASSERTION_TYPE, type RecordedRequest } from '@mcp-oauth/mock-servers';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { type MachineSession, machineApplies, machineRuns } from '../scenarios/machine.js';
import { param } from '../scenarios/requests.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/** The private_key_jwt client's key pair (P-256), registered with the mock AS as a public JWK. */
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicJwk = { ...key.publicKey.export({ format: 'jwk' }), kid: 'machine-1', alg: 'ES256' };
const privateJwk = {
  ...key.privateKey.export({ format: 'jwk' }),
  kid: 'machine-1',
  alg: 'ES256',
} as PrivateJwk;

/** The client id of the private_key_jwt client. */
const MACHINE_CLIENT = 'machine-client';

/** How the log names a request's client authentication, per trait. */
const secretAuth = (traits: CatalogueProfile['traits']) =>
  traits.clientAuth === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic';

/** The client-credentials session the profile calls for (`dpop` for the DPoP column). */
export function clientCredentialsSession(
  ctx: ScenarioContext,
  extra: { dpop?: NonNullable<Parameters<typeof clientCredentials>[0]['dpop']> } = {},
): MachineSession {
  const { env, profile, store, clock } = ctx;
  const events: AuthEvent[] = [];
  const jwt = profile.traits.clientAuth === 'private_key_jwt';
  const client = env.authorizationServer.client;
  const auth = clientCredentials({
    server: { name: 'conformance', type: 'streamable-http', url: env.mcp.url },
    store,
    clock,
    onEvent: (event) => events.push(event),
    clientId: client.client_id,
    ...(jwt ? { privateKey: privateJwk } : { clientSecret: client.client_secret ?? 'mock-secret' }),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    ...extra,
  });
  const method = jwt ? 'private_key_jwt' : secretAuth(profile.traits);
  const logged: Record<string, RecordedRequest['clientAuth']> = {
    client_secret_basic: 'basic',
    client_secret_post: 'post',
  };
  return {
    auth,
    events,
    grantType: 'client_credentials',
    refs: ['M1'],
    authenticated(request) {
      if (!request) return 'no token request';
      if (jwt) {
        return param(request, 'client_assertion_type') === CLIENT_ASSERTION_TYPE &&
          request.clientAuth === 'none'
          ? undefined
          : `expected a private_key_jwt assertion, got ${request.clientAuth}`;
      }
      return request.clientAuth === logged[method]
        ? undefined
        : `expected ${method}, got ${request.clientAuth}`;
    },
  };
}

/**
 * `@mcp-oauth/client-credentials`'s `clientCredentials()` through the MCP
 * SDK: the pre-registered confidential client authenticates with its
 * secret (basic, or post where the server wants it) or, on machine-only
 * servers, a private_key_jwt assertion (SPEC M1, M2, H1, H2).
 */
export const clientCredentialsAdapter: StrategyAdapter = {
  id: 'client-credentials',
  title: 'client credentials grant (@mcp-oauth/client-credentials)',
  applies: (profile) => machineApplies(profile) && !profile.traits.workloadTokenRotates,
  env: (profile) => ({
    client:
      profile.traits.clientAuth === 'private_key_jwt'
        ? {
            clientId: MACHINE_CLIENT,
            authMethod: 'private_key_jwt',
            jwks: { keys: [publicJwk as JsonWebKey] },
          }
        : { authMethod: secretAuth(profile.traits) },
  }),
  describe: (profile) =>
    profile.traits.refusal
      ? `refuses: ${profile.title}`
      : `token without a browser, tools, one renewal for concurrent callers: ${profile.title}`,
  run: (ctx) => machineRuns(ctx, () => clientCredentialsSession(ctx)),
};
