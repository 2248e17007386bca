import { applyTokens, type ClientInformation } from '@mcp-oauth/core';
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { clientMetadata, lookupClient } from './client.js';
import type { Context } from './context.js';
import { currentTokens } from './hot-path.js';

/**
 * The MCP SDK `OAuthClientProvider` view of a strategy. `tokens()` is the
 * strategy's hot path; everything persists in the store; when attached to a
 * transport outside an interactive flow, a redirect request records the
 * wanted scope as the pending step-up (SPEC S2) for the next `authorize()`.
 */
export class McpOAuthClientProvider implements OAuthClientProvider {
  private readonly ctx: Context;
  private redirectUri: string;
  /** The client ID metadata document URL, when configured (SPEC C2). */
  readonly clientMetadataUrl?: string;

  /** @internal */
  constructor(ctx: Context) {
    this.ctx = ctx;
    const port = ctx.options.callbackPort;
    if (ctx.options.clientMetadataUrl) this.clientMetadataUrl = ctx.options.clientMetadataUrl;
    this.redirectUri = `http://${ctx.options.redirectHost ?? '127.0.0.1'}:${port === undefined || port === 'auto' ? 0 : port}/callback`;
  }

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return clientMetadata(
      this.ctx,
      this.redirectUri,
      this.ctx.options.scope,
    ) as OAuthClientMetadata;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    return (await lookupClient(this.ctx, await this.ctx.key)) as
      | OAuthClientInformationMixed
      | undefined;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await this.ctx.records.patch(await this.ctx.key, { client: { ...info } as ClientInformation });
  }

  tokens(): Promise<OAuthTokens | undefined> {
    return currentTokens(this.ctx);
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const key = await this.ctx.key;
    await this.ctx.records.update(key, (record) =>
      applyTokens(record, tokens, this.ctx.clock.now()),
    );
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    // Not our flow: remember what the server asked for (S2); authorize() uses it (S3).
    const scope = authorizationUrl.searchParams.get('scope');
    if (scope) await this.ctx.records.patch(await this.ctx.key, { stepUpScope: scope });
    this.ctx.logger.debug(
      `authorization required for ${this.ctx.options.server.name}; call authorize()`,
    );
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.ctx.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.ctx.verifier)
      throw new Error('No PKCE code verifier: no authorization is in progress');
    return this.ctx.verifier;
  }

  async invalidateCredentials(
    scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery',
  ): Promise<void> {
    if (scope === 'verifier') {
      this.ctx.verifier = undefined;
      return;
    }
    const key = await this.ctx.key;
    await this.ctx.records.invalidate(key, scope);
    if (scope === 'all' || scope === 'client') await this.ctx.secrets.delete(key);
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    // URLs only, never whole documents (SPEC D4).
    await this.ctx.records.patch(await this.ctx.key, {
      authorizationServerUrl: String(state.authorizationServerUrl),
      ...(state.resourceMetadataUrl ? { resourceMetadataUrl: state.resourceMetadataUrl } : {}),
    });
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    const record = await this.ctx.records.get(await this.ctx.key);
    if (!record?.authorizationServerUrl) return undefined;
    return {
      authorizationServerUrl: record.authorizationServerUrl,
      ...(record.resourceMetadataUrl ? { resourceMetadataUrl: record.resourceMetadataUrl } : {}),
    };
  }
}
