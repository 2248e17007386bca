/** What a valid bearer token grants. */
export interface TokenInfo {
  scopes: string[];
  /** The JWK thumbprint a DPoP-bound token is bound to (`cnf.jkt`); checked with `dpop`. */
  jkt?: string;
}

/** DPoP checks (RFC 9449 §7, §9) of {@link McpTestServerOptions.dpop}. */
export interface McpTestServerDpopOptions {
  /** Refuse tokens that are not DPoP-bound. Default: Bearer tokens are accepted too. */
  required?: boolean;
  /** Proofs must carry the server's current nonce; others get 401 `use_dpop_nonce` with a `DPoP-Nonce`. */
  nonce?: boolean;
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
  /**
   * Accept DPoP-bound tokens (a `jkt` from `verifyToken`) only with the DPoP
   * scheme and a valid proof on every request: signature by the bound key,
   * `htm`, `htu`, recent `iat`, unused `jti`, `ath`, and the nonce when on.
   */
  dpop?: McpTestServerDpopOptions;
}

/** A running MCP test server. */
export interface McpTestServer {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Its RFC 9728 metadata URL. */
  resourceMetadataUrl: string;
  /**
   * Every MCP request: JSON-RPC method, whether its token (and proof) was
   * valid, the status answered; the Authorization scheme, and with `dpop`
   * the proof's claims or why it was refused.
   */
  requests: Array<{
    method: string;
    authorized: boolean;
    status: number;
    scheme?: string;
    proof?: Record<string, unknown>;
    proofError?: string;
  }>;
  /** With `dpop.nonce`: a new nonce, so the next proof is answered `use_dpop_nonce`. */
  rotateNonce(): string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the MCP SDK's `McpServer` over Streamable HTTP (stateless) on
 * 127.0.0.1 with tools `test-tool` and `admin-tool`, behind bearer checks:
 * 401 with a `resource_metadata` challenge without a valid token, 403
 * `insufficient_scope` for `admin-tool` without `adminScope`; with `dpop`,
 * DPoP proof checks on every request (challenge scheme `DPoP`).
 */
export declare function startMcpTestServer(options: McpTestServerOptions): Promise<McpTestServer>;
