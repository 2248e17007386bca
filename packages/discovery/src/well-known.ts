const OAUTH_AS = '/.well-known/oauth-authorization-server';
const OPENID = '/.well-known/openid-configuration';
const PROTECTED_RESOURCE = '/.well-known/oauth-protected-resource';

/** The URL's path without a trailing slash; `''` for the root. */
const pathOf = (url: URL) => url.pathname.replace(/\/+$/, '');

/** True when the URL has a path other than `/` (SPEC D3). */
export function hasPath(url: URL): boolean {
  return pathOf(url) !== '';
}

/**
 * Authorization server metadata URLs for an issuer, in the order the MCP
 * specification (2025-06-18 and later, "Authorization Server Metadata
 * Discovery") gives: with a path, RFC 8414 path insertion, OpenID Connect
 * path insertion, then OpenID Connect path appending; without, the RFC 8414
 * then the OpenID Connect root documents.
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = pathOf(issuer);
  const at = (p: string) => new URL(p, issuer.origin);
  if (!path) return [at(OAUTH_AS), at(OPENID)];
  return [at(`${OAUTH_AS}${path}`), at(`${OPENID}${path}`), at(`${path}${OPENID}`)];
}

/**
 * Protected-resource metadata URLs for an MCP server (RFC 9728 §3.1, MCP
 * "Protected Resource Metadata Discovery"): the path-aware document first
 * (when the URL has a path), then the root one.
 */
export function protectedResourceMetadataUrls(serverUrl: URL): URL[] {
  const path = pathOf(serverUrl);
  const root = new URL(PROTECTED_RESOURCE, serverUrl.origin);
  return path ? [new URL(`${PROTECTED_RESOURCE}${path}`, serverUrl.origin), root] : [root];
}

/**
 * When `url` is itself a well-known AS metadata URL (a configured metadata
 * URL, SPEC D1), the issuer it describes; otherwise `undefined`.
 */
export function issuerOfMetadataUrl(url: URL): string | undefined {
  for (const marker of [OAUTH_AS, OPENID]) {
    if (url.pathname.startsWith(marker)) {
      // RFC 8414 §3.1 path insertion: /.well-known/x/<issuer path>
      return `${url.origin}${url.pathname.slice(marker.length)}`;
    }
    if (url.pathname.endsWith(marker)) {
      // OpenID Connect Discovery §4: <issuer>/.well-known/openid-configuration
      return `${url.origin}${url.pathname.slice(0, -marker.length)}`;
    }
  }
  return undefined;
}

/** The 2025-03-26 RFC 8414 location at the MCP server: path-aware (SPEC D3) then root. */
export function legacyMetadataUrls(serverUrl: URL, includeRoot: boolean): URL[] {
  const path = pathOf(serverUrl);
  const urls = path ? [new URL(`${OAUTH_AS}${path}`, serverUrl.origin)] : [];
  if (includeRoot) urls.push(new URL(OAUTH_AS, serverUrl.origin));
  return urls;
}
