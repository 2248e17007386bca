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

/** The constructor of an "authorize, then retry" error class. */
export type AuthorizationRequiredClass<B extends Error> = new (
  message: string,
  reason: AuthorizationRequiredReason,
  scope?: string,
) => B & AuthorizationRequired;

/**
 * Makes the "authorize, then retry" error class on top of `Base`: `Error`
 * here, each MCP SDK's `UnauthorizedError` in the bindings, so SDK error
 * handling applies while {@link isAuthorizationRequired} recognises them all.
 */
export function authorizationRequiredClass<B extends Error>(
  Base: new (message?: string) => B,
): AuthorizationRequiredClass<B> {
  // A mixin's base must take `any[]` (TS2545); the result is typed by the return type.
  const Mixable = Base as unknown as new (message?: string) => Error;
  class AuthorizationRequiredError extends Mixable implements AuthorizationRequired {
    readonly reason: AuthorizationRequiredReason;
    readonly scope?: string;

    constructor(message: string, reason: AuthorizationRequiredReason, scope?: string) {
      super(message);
      this.name = 'AuthorizationRequiredError';
      this.reason = reason;
      if (scope) this.scope = scope;
      Object.defineProperty(this, AUTHORIZATION_REQUIRED, { value: true });
    }
  }
  return AuthorizationRequiredError as unknown as AuthorizationRequiredClass<B>;
}

/**
 * Thrown when only the user can help: the server rejected the token and no
 * refresh or silent renewal worked, or it asked for a wider scope. Call the
 * strategy's `authorize()`, then retry.
 */
export const AuthorizationRequiredError = authorizationRequiredClass(Error);
export type AuthorizationRequiredError = Error & AuthorizationRequired;

/**
 * True for errors that mean "authorize, then retry": ours from any package
 * or installed copy (matched by a `Symbol.for` brand, not by identity).
 */
export function isAuthorizationRequired(error: unknown): error is Error & AuthorizationRequired {
  return typeof error === 'object' && error !== null && AUTHORIZATION_REQUIRED in error;
}

/** Options of {@link retryAfterAuthorization}. */
export interface AuthorizeLoopOptions {
  /** Interactive authorizations allowed before the error is thrown. Default 3. */
  readonly maxAuthorizations?: number;
  /** Cancels a pending authorization. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `fn`; when `needsAuthorization` says an error means only the user can
 * help, runs the strategy's `authorize()` and tries again, up to
 * `maxAuthorizations` times. The loop every MCP client writes, once.
 */
export async function retryAfterAuthorization<T>(
  strategy: { authorize(options?: { signal?: AbortSignal }): Promise<unknown> },
  fn: () => Promise<T>,
  needsAuthorization: (error: unknown) => boolean | Promise<boolean>,
  options: AuthorizeLoopOptions = {},
): Promise<T> {
  const max = options.maxAuthorizations ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= max || !(await needsAuthorization(error))) throw error;
      await strategy.authorize(options.signal ? { signal: options.signal } : {});
    }
  }
}
