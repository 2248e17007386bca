/** Brand shared by every "authorize, then retry" error, across packages and installed copies. */
export const AUTHORIZATION_REQUIRED = Symbol.for('@mcp-oauth/authorization-required');

/** Why only the user can help. */
export type AuthorizationRequiredReason = 'login' | 'step_up';

/** What an "authorize, then retry" error carries. */
export interface AuthorizationRequired {
  /** A login is needed, or a wider scope (step-up, SPEC S1). */
  readonly reason: AuthorizationRequiredReason;
  /** The scope a step-up asks for. */
  readonly scope?: string;
}

/**
 * Thrown when only the user can help: the server rejected the token and no
 * refresh or silent renewal worked, or it asked for a wider scope. Call the
 * strategy's `authorize()`, then retry. The MCP SDK bindings throw their
 * SDK's `UnauthorizedError` subclass with the same brand, so
 * {@link isAuthorizationRequired} recognises both.
 */
export class AuthorizationRequiredError extends Error implements AuthorizationRequired {
  readonly reason: AuthorizationRequiredReason;
  readonly scope?: string;

  constructor(message: string, reason: AuthorizationRequiredReason, scope?: string) {
    super(message);
    this.name = 'AuthorizationRequiredError';
    this.reason = reason;
    if (scope) this.scope = scope;
    markAuthorizationRequired(this);
  }
}

/** Brands an error as "authorize, then retry" (for the bindings' SDK error classes). */
export function markAuthorizationRequired<T extends object>(error: T): T {
  Object.defineProperty(error, AUTHORIZATION_REQUIRED, { value: true });
  return error;
}

/**
 * True for errors that mean "authorize, then retry": ours from any package
 * or installed copy (matched by a `Symbol.for` brand, not by identity).
 */
export function isAuthorizationRequired(error: unknown): error is Error & AuthorizationRequired {
  return typeof error === 'object' && error !== null && AUTHORIZATION_REQUIRED in error;
}
