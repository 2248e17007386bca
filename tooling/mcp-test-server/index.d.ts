/** What a valid bearer token grants. */
export interface TokenInfo {
  scopes: string[];
}

/** Options of {@link startMcpTestServer}. */
export interface McpTestServerOptions {
  /** Issuer of the authorization server that protects this server (named in its RFC 9728 metadata). */
  authorizationServer: string;
  /** Validates a bearer token; `undefined` means invalid (401). */
  verifyToken: (token: string) => Promise<TokenInfo | undefined>;
  /** Scope needed for any request. */
  requiredScope?: string;
  /** Scope needed to call `admin-tool`; without it the server answers 403 `insufficient_scope` (step-up). */
  adminScope?: string;
  /** `scopes_supported` in its protected-resource metadata. */
  scopesSupported?: string[];
}

/** A running MCP test server. */
export interface McpTestServer {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Its RFC 9728 metadata URL. */
  resourceMetadataUrl: string;
  /** Every MCP request: JSON-RPC method, whether its token was valid, the status answered. */
  requests: Array<{ method: string; authorized: boolean; status: number }>;
  close(): Promise<void>;
}

/**
 * Starts the MCP SDK's `McpServer` over Streamable HTTP (stateless) on
 * 127.0.0.1 with tools `test-tool` and `admin-tool`, behind bearer checks:
 * 401 with a `resource_metadata` challenge without a valid token, 403
 * `insufficient_scope` for `admin-tool` without `adminScope`.
 */
export declare function startMcpTestServer(options: McpTestServerOptions): Promise<McpTestServer>;
