import type { Context } from './context.js';

/** Scopes as a set, split on whitespace. */
export const scopeSet = (scope: string | undefined): Set<string> =>
  new Set((scope ?? '').split(/\s+/).filter(Boolean));

/** The union of scopes, in first-seen order (SPEC S4). */
export function unionScopes(...scopes: Array<string | undefined>): string {
  const all = new Set<string>();
  for (const scope of scopes) for (const s of scopeSet(scope)) all.add(s);
  return [...all].join(' ');
}

/** True when `granted` lacks any scope of `requested`. */
export function lacksScope(granted: string | undefined, requested: string | undefined): boolean {
  const have = scopeSet(granted);
  return [...scopeSet(requested)].some((s) => !have.has(s));
}

/**
 * The `scope` of an `insufficient_scope` Bearer challenge (SPEC S1, RFC 6750
 * §3), quoted or unquoted; `undefined` when the header is no such challenge.
 */
export function insufficientScopeChallenge(header: string | null): { scope?: string } | undefined {
  if (!header || !/error\s*=\s*"?insufficient_scope"?/i.test(header)) return undefined;
  const match = /(?:^|[\s,])scope\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(header);
  const scope = match?.[1] ?? match?.[2];
  return scope === undefined ? {} : { scope };
}

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
