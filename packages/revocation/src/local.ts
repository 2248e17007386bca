import type { ServerRecord } from '@mcp-oauth/core';

/**
 * What stays of a record after sign-out (SPEC V6, V7): nothing, or with
 * `keepDiscovery` only the discovery URLs and the pending step-up scope, so
 * an immediate re-authentication skips discovery and asks for the same
 * scope. Tokens and the client are always gone (a new login registers
 * afresh, SPEC A1).
 */
export function afterSignOut(
  record: ServerRecord | undefined,
  keepDiscovery: boolean,
): ServerRecord | undefined {
  if (!record || !keepDiscovery) return undefined;
  const kept: ServerRecord = {};
  for (const field of ['authorizationServerUrl', 'resourceMetadataUrl', 'stepUpScope'] as const) {
    const value = record[field];
    if (value !== undefined) kept[field] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
