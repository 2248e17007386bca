/** The identifier of the MCP OAuth client credentials extension (ext-auth, SEP-1046). */
export const CLIENT_CREDENTIALS_EXTENSION = 'io.modelcontextprotocol/oauth-client-credentials';

/**
 * The client capabilities that declare the client credentials extension
 * (SPEC M3): protocol revisions with an `extensions` capability (SEP-2133:
 * 2025-11-25 and later) negotiate extensions there, in `initialize` or, on
 * the stateless wire (2026-07-28), in each request's
 * `io.modelcontextprotocol/clientCapabilities`. Older revisions ignore it.
 * Pass it to the MCP SDK client, merged with the app's own:
 * `new Client(info, { capabilities: { ...clientCredentialsCapabilities } })`.
 * Workload identity (the jwt-bearer grant) has no extension identifier to
 * declare.
 */
export const clientCredentialsCapabilities: {
  readonly extensions: { readonly [CLIENT_CREDENTIALS_EXTENSION]: Record<string, never> };
} = Object.freeze({
  extensions: Object.freeze({ [CLIENT_CREDENTIALS_EXTENSION]: Object.freeze({}) }),
});
