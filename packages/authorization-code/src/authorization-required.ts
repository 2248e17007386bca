import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const BRAND = Symbol.for('@mcp-oauth/authorization-required');

/**
 * Thrown through the MCP SDK transport when only the user can help: the
 * server answered 401 and no refresh worked, or it asked for a wider scope
 * (SPEC S1, S2). It is the SDK's `UnauthorizedError`, so existing SDK error
 * handling applies; call the strategy's `authorize()` and reconnect.
 */
export class AuthorizationRequiredError extends UnauthorizedError {
  /** Why: a login is needed, or a wider scope (step-up). */
  readonly reason: 'login' | 'step_up';
  /** The scope a step-up asks for. */
  readonly scope?: string;

  constructor(message: string, reason: 'login' | 'step_up', scope?: string) {
    super(message);
    this.name = 'AuthorizationRequiredError';
    this.reason = reason;
    if (scope) this.scope = scope;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for errors that mean "authorize, then reconnect": ours, or the MCP
 * SDK's `UnauthorizedError`, even from another installed copy of either
 * package (two copies of the SDK are common when peer dependencies differ).
 */
export function isAuthorizationRequired(error: unknown): boolean {
  return (
    error instanceof UnauthorizedError ||
    (typeof error === 'object' && error !== null && BRAND in error)
  );
}
