import type { McpTestServer } from '@mcp-oauth/mcp-test-server';
import type { AuthorizationServer } from '@mcp-oauth/oidc-server';

/** The MCP client's registration at the IdP. */
export declare const IDP_CLIENT: { id: string; secret: string };
/** The MCP client's registration at the MCP server's authorization server. */
export declare const AS_CLIENT: { id: string; secret: string };

/** Running servers for cross-app access tests. */
export interface RealServers {
  /** oidc-provider as the enterprise IdP, with an RFC 8693 grant issuing ID-JAGs. */
  idp: AuthorizationServer;
  /** oidc-provider as the MCP server's AS, with an RFC 7523 jwt-bearer grant. */
  as: AuthorizationServer;
  /** The MCP SDK server, accepting the AS's tokens. */
  mcp: McpTestServer;
  /** Requests that reached each custom grant. */
  counts: { tokenExchange: number; jwtBearer: number };
  /** Makes the IdP refuse every token exchange with this error until cleared. */
  refuseExchange: string | undefined;
  verify(token: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Starts the IdP, the AS and the MCP server on loopback. */
export declare function startRealServers(): Promise<RealServers>;
