import {
  type AuthorizationRequired,
  authorizationRequiredClass,
  isAuthorizationRequired as isBranded,
} from '@mcp-oauth/oauth';
import { SdkErrorCode, UnauthorizedError } from '@modelcontextprotocol/client';

/**
 * Thrown through the MCP SDK transport when only the user can help: the
 * server rejected the token and the strategy could not renew it (SPEC B3).
 * It is the SDK's `UnauthorizedError`: call the strategy's `authorize()`,
 * then reconnect or retry (or let `connect` and `withAuthorization` do it).
 */
export const AuthorizationRequiredError = authorizationRequiredClass(UnauthorizedError);
export type AuthorizationRequiredError = UnauthorizedError & AuthorizationRequired;

/**
 * True for errors that mean "authorize, then retry": ours from any
 * `@mcp-oauth` package or installed copy, the SDK's `UnauthorizedError`,
 * and its "401 after re-authentication".
 */
export function isAuthorizationRequired(error: unknown): boolean {
  return (
    isBranded(error) ||
    error instanceof UnauthorizedError ||
    (error as { code?: unknown } | null)?.code === SdkErrorCode.ClientHttpAuthentication
  );
}
