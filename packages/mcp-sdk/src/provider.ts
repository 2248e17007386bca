import type { Strategy } from '@mcp-oauth/core';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { AuthorizationRequiredError } from './errors.js';

/**
 * The SDK `OAuthClientProvider` view of a strategy (SPEC B2). `tokens()` is
 * the strategy's token path, without the refresh token: the strategy
 * refreshes under its own lock, never the SDK. Everything the SDK's own
 * `auth()` flow would need (client registration, redirect, PKCE verifier)
 * refuses with an {@link AuthorizationRequiredError}: the strategy's
 * `authorize()` runs logins, so the SDK never registers a client of its own.
 */
export class StrategyProvider implements OAuthClientProvider {
  readonly #strategy: Strategy;

  constructor(strategy: Strategy) {
    this.#strategy = strategy;
  }

  #refuse(): never {
    throw new AuthorizationRequiredError(
      `Authorization is run by the ${this.#strategy.name} strategy: call its authorize()`,
      'login',
    );
  }

  /** None: the SDK never runs a redirect flow of its own. */
  get redirectUrl(): undefined {
    return undefined;
  }

  /** Never used for registration: the strategy registers its own client. */
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.#strategy.name, redirect_uris: [] };
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const tokens = await this.#strategy.tokens();
    if (!tokens) return undefined;
    const { refresh_token: _kept, ...rest } = tokens;
    return rest;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.#refuse();
  }

  saveClientInformation(): void {
    this.#refuse();
  }

  saveTokens(): void {
    this.#refuse();
  }

  redirectToAuthorization(): void {
    this.#refuse();
  }

  saveCodeVerifier(): void {
    this.#refuse();
  }

  codeVerifier(): string {
    return this.#refuse();
  }

  async invalidateCredentials(
    scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery',
  ): Promise<void> {
    await this.#strategy.invalidate?.(scope);
  }
}
