import { type HttpHandler, http } from 'msw';
import type { MockContext } from './context.js';
import { endpoint } from './http.js';
import { metadataResponse } from './metadata.js';

/** The protected-resource metadata document (RFC 9728 §2) the profile describes. */
export function protectedResourceMetadata(context: MockContext): Record<string, unknown> {
  const { urls, settings } = context;
  return {
    resource: urls.resource,
    authorization_servers: [urls.issuer],
    scopes_supported: settings.scopesSupported,
    bearer_methods_supported: ['header'],
    resource_name: 'Mock MCP server',
  };
}

/** @internal The PRM handler; legacy 2025-03-26 servers have none. */
export function protectedResourceHandlers(context: MockContext): HttpHandler[] {
  if (context.quirks.legacy) return [];
  return [
    http.get(
      context.urls.resourceMetadata,
      endpoint(context, 'mcp', 'protected-resource-metadata', () =>
        metadataResponse(protectedResourceMetadata(context), context.quirks.resourceMetadataBody),
      ),
    ),
  ];
}
