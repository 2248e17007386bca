import { AuthorizationRequiredError } from '@mcp-oauth/authorization-code';
import { applyTokens } from '@mcp-oauth/core';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Context } from './context.js';
import { currentTokens } from './hot-path.js';
import { JWT_BEARER_GRANT } from './token-types.js';

/**
 * The MCP SDK `OAuthClientProvider` view of a cross-app access strategy.
 * `tokens()` is the strategy's token path. It has no redirect URL: the SDK
 * must never run a consent flow for this server (SPEC X1), so a request to
 * redirect throws an {@link AuthorizationRequiredError}; call `authorize()`.
 */
export class CrossAppAccessProvider implements OAuthClientProvider {
  private readonly ctx: Context;

  /** @internal */
  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  /** None: there is no consent flow for a cross-app server. */
  get redirectUrl(): undefined {
    return undefined;
  }

  /** Client metadata for the SDK: a confidential client of the jwt-bearer grant, no redirect URIs. */
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: `MCP client (${this.ctx.options.server.name})`,
      redirect_uris: [],
      grant_types: [JWT_BEARER_GRANT, 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
    };
  }

  /** The client at the AS: the stored one, else the configured client id (SPEC X3). */
  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const record = await this.ctx.records.get(await this.ctx.key);
    return (record?.client ?? {
      client_id: this.ctx.options.clientId,
    }) as OAuthClientInformationMixed;
  }

  /** The strategy's token path (SPEC X11, T1–T7). */
  tokens(): Promise<OAuthTokens | undefined> {
    return currentTokens(this.ctx);
  }

  /** Saves tokens the SDK obtained into the server's record (SPEC T5). */
  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.ctx.records.update(await this.ctx.key, (record) =>
      applyTokens(record, tokens, this.ctx.clock.now()),
    );
  }

  /** Refuses: a cross-app server never gets a consent flow (SPEC X1). */
  redirectToAuthorization(): never {
    throw new AuthorizationRequiredError(
      `${this.ctx.options.server.name} uses cross-app access: call authorize() to log in at the IdP`,
      'login',
    );
  }

  /** Ignored: there is no PKCE at the MCP server's AS. */
  saveCodeVerifier(): void {}

  /** Throws: there is no PKCE at the MCP server's AS. */
  codeVerifier(): never {
    throw new Error('Cross-app access has no PKCE code verifier at the MCP server');
  }

  /** Clears part of the server's record (SPEC I1); the IdP id_token is kept. */
  async invalidateCredentials(
    scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery',
  ): Promise<void> {
    if (scope === 'verifier') return;
    await this.ctx.records.invalidate(await this.ctx.key, scope);
  }
}
