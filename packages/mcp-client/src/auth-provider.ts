import type { Strategy } from '@mcp-oauth/core';
import type { AuthProvider } from '@modelcontextprotocol/client';

type UnauthorizedContext = Parameters<NonNullable<AuthProvider['onUnauthorized']>>[0];

import { AuthorizationRequiredError } from './errors.js';

/**
 * The SDK 2.x `AuthProvider` view of a strategy (SPEC B3): `token()` is the
 * strategy's token path (no I/O while a cached token is valid, SPEC T7);
 * `onUnauthorized` hands the 401 to the strategy's `challenge()`, which
 * renews under its own cross-process lock, and throws an
 * {@link AuthorizationRequiredError} when only the user can help. The SDK
 * never registers a client or refreshes on its own: it is given no
 * `OAuthClientProvider` to do so with. Credentials stay bound to the
 * authorization server that issued them: the strategy keeps them per server
 * record and renews only there.
 */
export function authProvider(strategy: Strategy): AuthProvider {
  // The token the transport last sent: what a 401 rejected.
  let sent: string | undefined;
  return {
    async token() {
      sent = (await strategy.tokens())?.access_token;
      return sent;
    },
    async onUnauthorized(context: UnauthorizedContext) {
      const outcome = await strategy.challenge({
        status: 401,
        wwwAuthenticate: context.response.headers.get('www-authenticate'),
        rejectedToken: sent,
      });
      // The transport calls token() again and retries once.
      if (outcome.kind === 'retry') return;
      const message =
        outcome.kind === 'authorize'
          ? outcome.message
          : `Authorization required for ${strategy.name}: call authorize()`;
      throw new AuthorizationRequiredError(
        message,
        outcome.kind === 'authorize' ? outcome.reason : 'login',
      );
    },
  };
}
