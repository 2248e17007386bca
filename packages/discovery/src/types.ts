/**
 * RFC 8414 §2 authorization server metadata (and the OpenID Connect Discovery
 * fields MCP clients read). Unknown fields are kept.
 */
export interface AuthorizationServerMetadata {
  /** The issuer identifier; equals the URL the metadata was discovered for (RFC 8414 §3.3). */
  issuer: string;
  /** Absent on a server with no grant that uses it, such as one for client credentials only (RFC 8414 §2). */
  authorization_endpoint?: string;
  token_endpoint: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  jwks_uri?: string;
  userinfo_endpoint?: string;
  scopes_supported?: string[];
  response_types_supported?: string[];
  grant_types_supported?: string[];
  code_challenge_methods_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  revocation_endpoint_auth_methods_supported?: string[];
  /** RFC 9207: the AS sends `iss` in authorization responses. */
  authorization_response_iss_parameter_supported?: boolean;
  /** MCP client ID metadata documents (SPEC C2). */
  client_id_metadata_document_supported?: boolean;
  /** Non-standard, but published by some servers (SPEC D6). */
  scope?: string;
  /** Non-standard, but published by some servers (SPEC D6). */
  default_scope?: string;
  [field: string]: unknown;
}

/** RFC 9728 §2 protected-resource metadata. Unknown fields are kept. */
export interface ProtectedResourceMetadata {
  /** The protected resource's identifier; must match the MCP server URL (RFC 9728 §3.3). */
  resource: string;
  /** Issuer identifiers of the authorization servers that protect the resource. */
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  [field: string]: unknown;
}

/** Options every discovery request takes. */
export interface RequestOptions {
  /** The fetch to use; wrapped by core's `createOAuthFetch` for timeouts and size caps. */
  readonly fetch?: import('@mcp-oauth/core').FetchLike;
  /**
   * Allow plain `http://` to non-loopback hosts (development only, SPEC D9).
   * Schemes other than http and https are refused even then.
   */
  readonly allowInsecure?: boolean;
  /** Aborts every request. */
  readonly signal?: AbortSignal;
}
