/**
 * The canonical RFC 8707 resource identifier of an MCP server: the URL with
 * its fragment removed, scheme and host lower-cased by URL parsing (MCP
 * "Canonical Server URI"). The path and query are kept as given.
 */
export function canonicalResource(serverUrl: string | URL): string {
  const url = new URL(serverUrl);
  url.hash = '';
  // URL.href appends "/" to a pathless URL; exact-match authorization servers
  // then reject the indicator (RFC 8707 §2: no trailing slash is needed).
  const pathless = !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(String(serverUrl));
  return pathless && url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href;
}

const trimSlash = (path: string) => path.replace(/\/+$/, '');

/**
 * Whether protected-resource metadata naming `resource` may be used for the
 * MCP server at `serverUrl` (RFC 9728 §3.3, SPEC D8): same origin, and the
 * same path or a parent path on a segment boundary (a server at
 * `https://h/api/mcp` may be covered by `https://h/api`, as the MCP SDK
 * allows). A trailing slash is not significant.
 */
export function resourceMatches(resource: string, serverUrl: string | URL): boolean {
  let declared: URL;
  try {
    declared = new URL(resource);
  } catch {
    return false;
  }
  const server = new URL(serverUrl);
  if (declared.hash || declared.origin !== server.origin) return false;
  if (declared.search && declared.search !== server.search) return false;
  const want = trimSlash(declared.pathname);
  const have = trimSlash(server.pathname);
  return have === want || have.startsWith(`${want}/`);
}
