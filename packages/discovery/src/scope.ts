/** The metadata fields a scope can come from (SPEC D6). */
export interface ScopeSource {
  scope?: unknown;
  default_scope?: unknown;
  scopes_supported?: unknown;
}

const nonEmpty = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

/**
 * The scope to request, from metadata (SPEC D6): its `scope` string, else
 * `default_scope`, else `scopes_supported` joined by spaces. Several sources
 * may be given (for example protected-resource metadata, then AS metadata);
 * the first that yields a scope wins. `undefined` when none does.
 */
export function scopeFromMetadata(...sources: Array<ScopeSource | undefined>): string | undefined {
  for (const source of sources) {
    if (!source) continue;
    if (nonEmpty(source.scope)) return source.scope.trim();
    if (nonEmpty(source.default_scope)) return source.default_scope.trim();
    const list = Array.isArray(source.scopes_supported)
      ? source.scopes_supported.filter(nonEmpty)
      : [];
    if (list.length > 0) return list.join(' ');
  }
  return undefined;
}
