import {
  type AuthorizationRequired,
  authorizationRequiredClass,
  isAuthorizationRequired as isBranded,
} from '@mcp-oauth/oauth';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

/**
 * Thrown through the MCP SDK transport when only the user can help: the
 * server rejected the token and the strategy could not renew it, or it asked
 * for a wider scope (SPEC S1, S2). It is the SDK's `UnauthorizedError`, so
 * existing SDK error handling applies: call the strategy's `authorize()`,
 * then reconnect or retry (or let `connect` and `withAuthorization` do it).
 */
export const AuthorizationRequiredError = authorizationRequiredClass(UnauthorizedError);
export type AuthorizationRequiredError = UnauthorizedError & AuthorizationRequired;

/**
 * True for errors that mean "authorize, then retry": ours from any
 * `@mcp-oauth` package or installed copy, or the SDK's own
 * `UnauthorizedError`.
 */
export function isAuthorizationRequired(error: unknown): boolean {
  return isBranded(error) || error instanceof UnauthorizedError;
}
