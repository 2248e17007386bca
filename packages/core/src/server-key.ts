/** How an MCP server is reached: what its identity is made of (SPEC K1). */
export interface ServerIdentity {
  /** The name the user gave the server. */
  readonly name: string;
  /** Transport type, for example `streamable-http` or `sse`. */
  readonly type: string;
  /** The MCP server URL. */
  readonly url: string;
  /** Static headers sent to the server, if any. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).filter((k) => object[k] !== undefined);
    return `{${keys
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key credentials are stored under: `name|hash`, where hash is the first
 * 16 hex characters of SHA-256 over the canonical JSON of the transport type,
 * URL and headers. Two servers with one name but another URL, type or headers
 * never share credentials (SPEC K1).
 */
export async function serverKey(server: ServerIdentity): Promise<string> {
  const json = canonicalJson({ type: server.type, url: server.url, headers: server.headers ?? {} });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json));
  let hex = '';
  for (const byte of new Uint8Array(digest).subarray(0, 8))
    hex += byte.toString(16).padStart(2, '0');
  return `${server.name}|${hex}`;
}
