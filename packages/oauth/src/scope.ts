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
