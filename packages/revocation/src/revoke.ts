import {
  type ClientInformation,
  clientSecrets,
  createOAuthFetch,
  type EventSink,
  type FetchLike,
  type Logger,
  type RevocationEvent,
  redactUrl,
  type Store,
  safeLogger,
  serverRecords,
} from '@mcp-oauth/core';
import {
  type AuthorizationServerMetadata,
  fetchAuthorizationServerMetadata,
} from '@mcp-oauth/discovery';
import { revocationClientAuth } from './client-auth.js';
import { afterSignOut } from './local.js';
import { type RevocationOutcome, sendRevocation, type TokenTypeHint } from './request.js';

/** Options of {@link revoke}. */
export interface RevokeOptions {
  /** The server key (SPEC K1) whose record holds the tokens. */
  readonly serverKey: string;
  /** The MCP server URL; the AS is looked up here when no AS URL is persisted (SPEC V1). */
  readonly serverUrl: string | URL;
  /** Where the server record and client secret live. */
  readonly store: Store;
  /** The fetch to use; wrapped with core's timeout and size cap. */
  readonly fetch?: FetchLike;
  /** Debug lines (redacted; never a token or secret). */
  readonly logger?: Partial<Logger>;
  /** Receives the one `revocation` event. */
  readonly onEvent?: EventSink;
  /** Keep the discovery URLs and the step-up scope for an immediate re-login (SPEC V7). */
  readonly keepDiscovery?: boolean;
  /** Allow plain http to non-loopback hosts (development only, SPEC D9). */
  readonly allowInsecure?: boolean;
  /** Aborts the requests; local tokens are cleared all the same. */
  readonly signal?: AbortSignal;
  /**
   * The client to authenticate as, for clients that live in configuration
   * rather than in the record (pre-registered, confidential). Default: the
   * record's client, its secret from the client-secret store.
   */
  readonly client?: ClientInformation | undefined;
}

/**
 * Signs out of an MCP server (RFC 7009, SPEC V1–V7): finds the AS from the
 * persisted AS URL, else the server URL; revokes the refresh token, then the
 * access token, each with its `token_type_hint`, authenticating the client as
 * SPEC V2/V4 say and retrying a 401 once with the access token as Bearer
 * (V5); then always clears the local tokens (V6), keeping the discovery
 * URLs and step-up scope only when asked (V7).
 *
 * Best-effort: server failures never throw; they show in the returned (and
 * emitted) event. Only a failing store rejects.
 */
export async function revoke(options: RevokeOptions): Promise<RevocationEvent> {
  const logger = safeLogger(options.logger);
  const records = serverRecords(options.store);
  const event: RevocationEvent = {
    type: 'revocation',
    serverKey: options.serverKey,
    revoked: [],
    skipped: false,
  };
  try {
    const record = await records.get(options.serverKey, { fresh: true });
    const tokens = (
      [
        ['refresh_token', record?.refreshToken],
        ['access_token', record?.accessToken],
      ] as const
    ).filter((entry): entry is readonly [TokenTypeHint, string] => !!entry[1]);
    if (tokens.length === 0) {
      logger.debug('No tokens to revoke; clearing local state only');
      event.skipped = true;
      return event;
    }
    const fetch = createOAuthFetch(options.fetch ? { fetch: options.fetch } : {});
    const found = await findMetadata(options, record?.authorizationServerUrl, logger);
    // SPEC H2: tokens and the client secret go only to the server that issued them.
    const metadata = found && record?.issuer && found.issuer !== record.issuer ? undefined : found;
    if (found && !metadata) logger.debug('The authorization server changed; skipping revocation');
    const endpoint = metadata?.revocation_endpoint;
    if (!metadata || !endpoint) {
      if (metadata)
        logger.debug('The authorization server has no revocation_endpoint; skipping revocation');
      event.skipped = true;
      return event;
    }
    const client = options.client ?? record?.client;
    const clientId = client?.client_id;
    const clientSecret =
      client?.client_secret ??
      (await clientSecrets(options.store)
        .get(options.serverKey)
        .catch(() => undefined));
    const clientAuth = revocationClientAuth(clientId, clientSecret, metadata);
    for (const [hint, token] of tokens) {
      const outcome: RevocationOutcome = await sendRevocation({
        fetch,
        endpoint,
        issuer: metadata.issuer,
        token,
        hint,
        clientAuth,
        allowInsecure: options.allowInsecure,
        accessToken: record?.accessToken,
        logger,
        signal: options.signal,
      });
      if (outcome.ok) event.revoked.push(hint);
      else {
        if (outcome.status !== undefined) event.status = outcome.status;
        if (outcome.oauthError !== undefined) event.oauthError = outcome.oauthError;
      }
    }
    logger.debug(
      `Revocation at ${redactUrl(endpoint)} accepted: ${event.revoked.join(', ') || 'none'}`,
    );
    return event;
  } finally {
    // SPEC V6: whatever the server said, the local tokens go.
    await records.update(options.serverKey, (current) =>
      afterSignOut(current, options.keepDiscovery ?? false),
    );
    try {
      options.onEvent?.(event);
    } catch {}
  }
}

/**
 * SPEC V1: the persisted AS URL (issuer checked, SPEC D7), else the server
 * URL (then its origin, where 2025-03-26 servers publish metadata). Never
 * throws.
 */
async function findMetadata(
  options: RevokeOptions,
  persisted: string | undefined,
  logger: Logger,
): Promise<AuthorizationServerMetadata | undefined> {
  const server = new URL(options.serverUrl);
  const candidates = persisted ? [persisted] : [...new Set([server.href, `${server.origin}/`])];
  for (const asUrl of candidates) {
    try {
      return await fetchAuthorizationServerMetadata(asUrl, {
        expectedIssuer: persisted,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.allowInsecure ? { allowInsecure: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      logger.debug(`No authorization server metadata for ${redactUrl(asUrl)}`, error);
      if (options.signal?.aborted) break;
    }
  }
  logger.debug('No authorization server metadata; skipping revocation');
  return undefined;
}
