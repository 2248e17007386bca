import { unionScopes } from '@mcp-oauth/oauth';
import type { Context } from './context.js';

/** Attempts allowed for one step-up challenge before giving up (SPEC S4). */
export const MAX_STEP_UP_ATTEMPTS = 3;

/**
 * Marks step-up pending for a challenge (SPEC S1, S4): the union of the
 * current and challenged scopes. Returns false once the same challenge has
 * had its 3 authorization attempts.
 */
export function markStepUp(
  ctx: Context,
  currentScope: string | undefined,
  challenged: string | undefined,
): boolean {
  const wanted = unionScopes(currentScope, challenged);
  const attempts = ctx.stepUpAttempts.get(wanted) ?? 0;
  if (attempts >= MAX_STEP_UP_ATTEMPTS) {
    ctx.logger.warn(`step-up to "${wanted}" failed ${attempts} times; giving up`);
    ctx.stepUpScope = undefined;
    return false;
  }
  ctx.stepUpScope = wanted;
  return true;
}

/** Counts an authorization attempt for the pending step-up (SPEC S4). */
export function countStepUpAttempt(ctx: Context, scope: string | undefined): void {
  if (scope) ctx.stepUpAttempts.set(scope, (ctx.stepUpAttempts.get(scope) ?? 0) + 1);
}
