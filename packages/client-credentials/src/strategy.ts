import type { CallOptions, InvalidationScope, Strategy, Tokens } from '@mcp-oauth/core';
import { readAssertion } from './assertion.js';
import { onChallenge } from './challenge.js';
import { type Context, createContext } from './context.js';
import { currentTokens } from './hot-path.js';
import {
  assertionSourceOf,
  type ClientCredentialsOptions,
  validateMachineOptions,
  type WorkloadIdentityOptions,
} from './options.js';
import { renew } from './renew.js';

/** The RFC 7523 §2.1 grant type: a JWT as an authorization grant. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A machine-to-machine strategy: no user, no browser, no refresh token. */
export interface MachineStrategy extends Strategy {
  /** Clears part of the server's stored state (SPEC I1); the stored secret or key is kept. */
  invalidate(scope: InvalidationScope | 'verifier'): Promise<void>;
}

function machineStrategy(name: string, ctx: Context): MachineStrategy {
  return {
    name,
    serverKey: () => ctx.serverKey,
    // P5: MCP requests through a binding carry proofs with this server's key.
    dpop: ctx.dpop,
    tokens: (): Promise<Tokens | undefined> => currentTokens(ctx),
    // Non-interactive: a new token now, unless another process stored one meanwhile.
    async authorize(call: CallOptions = {}) {
      const record = await ctx.records.get(await ctx.serverKey, { fresh: true });
      return renew(ctx, { stale: record?.accessToken, signal: call.signal });
    },
    challenge: (challenge) => onChallenge(ctx, challenge),
    async invalidate(scope) {
      if (scope === 'verifier') return;
      await ctx.records.invalidate(await ctx.serverKey, scope);
    },
  };
}

/**
 * The OAuth client credentials grant for one MCP server (SPEC M1–M3): the
 * pre-registered client authenticates with `client_secret_basic`,
 * `client_secret_post` or `private_key_jwt` (ES256, RS256 or EdDSA), and a
 * new token is requested when the current one is soon-expiring, under the
 * cross-process renewal lock, so N processes sharing the store make one
 * request. Declare the extension with `clientCredentialsCapabilities` and
 * bind it with `@mcp-oauth/mcp-client` (SDK 2.x) or `@mcp-oauth/mcp-sdk`
 * (SDK 1.x).
 *
 * @example
 * const auth = clientCredentials({ server, store: fileStore(), clientId: 'reporting-job',
 *   clientSecret: process.env.MCP_CLIENT_SECRET });
 */
export function clientCredentials(options: ClientCredentialsOptions): MachineStrategy {
  const key = validateMachineOptions('clientCredentials()', options, true);
  const ctx = createContext(
    'clientCredentials()',
    options,
    { type: 'client_credentials', params: async () => ({}) },
    key,
  );
  return machineStrategy('client-credentials', ctx);
}

/**
 * Workload identity for one MCP server (SPEC M4): the RFC 7523 jwt-bearer
 * grant with a JWT the platform issued to this workload (a Kubernetes
 * projected service account token, a GitHub Actions OIDC token), read afresh
 * from its file, environment variable or callback for every grant and
 * checked for expiry before it is sent. Renewal as for client credentials
 * (SPEC M2).
 *
 * @example
 * const auth = workloadIdentity({ server, store: fileStore(),
 *   assertion: fileAssertion('/var/run/secrets/tokens/mcp-token') });
 */
export function workloadIdentity(options: WorkloadIdentityOptions): MachineStrategy {
  const key = validateMachineOptions('workloadIdentity()', options, false);
  const source = assertionSourceOf('workloadIdentity()', options.assertion);
  const ctx = createContext(
    'workloadIdentity()',
    options,
    {
      type: JWT_BEARER_GRANT,
      params: async (context, signal) => ({
        assertion: await readAssertion(source, context.clock.now(), signal),
      }),
    },
    key,
  );
  return machineStrategy('workload-identity', ctx);
}
