import { type HttpHandler, http } from 'msw';
import type { MockContext } from './context.js';
import { endpoint, json } from './http.js';
import { metadataResponse, withOverrides } from './metadata.js';

/** The protected-resource metadata document (RFC 9728 §2) the profile describes. */
export function protectedResourceMetadata(context: MockContext): Record<string, unknown> {
  const { urls, settings, asSwitch } = context;
  return withOverrides(settings.resourceMetadataOverrides, {
    resource: urls.resource,
    authorization_servers: [asSwitch.to ?? urls.issuer],
    scopes_supported: settings.scopesSupported,
    bearer_methods_supported: ['header'],
    resource_name: 'Mock MCP server',
  });
}

/**
 * @internal The PRM handler. Legacy 2025-03-26 servers answer 404 there,
 * after any flaky steps, so a 5xx-then-fallback path can be tested (SPEC D3).
 */
export function protectedResourceHandlers(context: MockContext): HttpHandler[] {
  return [
    http.get(
      context.urls.resourceMetadata,
      endpoint(context, 'mcp', 'protected-resource-metadata', () =>
        context.quirks.legacy
          ? json({ error: 'not_found' }, 404)
          : metadataResponse(
              protectedResourceMetadata(context),
              context.quirks.resourceMetadataBody,
            ),
      ),
    ),
  ];
}
