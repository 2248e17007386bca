import type { MockContext } from './context.js';

/**
 * @internal Whether a `resource` parameter (RFC 8707 §2) names the MCP
 * server: its URL or the PRM `resource`. No parameter is accepted too.
 */
export const knownResource = (context: MockContext, resource: string | undefined) =>
  resource === undefined || resource === context.urls.mcp || resource === context.urls.resource;
