import {
  type AuthorizationServerMetadata,
  discover,
  parseWwwAuthenticate,
  resourceMatches,
} from '@mcp-oauth/discovery';
import type { Recorder } from './recorder.js';
import type { LiveCheckList } from './step.js';

/** An MCP `initialize` request, for probing the server without a token. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mcp-oauth-conformance', version: '0.0.0' },
  },
};

/** What the discovery step learnt. */
export interface DiscoveryFacts {
  /** Status of an MCP request without a token. */
  readonly unauthenticatedStatus: number;
  /** Whether that answer's challenge named `resource_metadata`. */
  readonly challengeHasResourceMetadata: boolean;
  /** The AS metadata: the server's, or the 2025-03-26 defaults when `assumedDefaults`. */
  readonly metadata: AuthorizationServerMetadata;
  /** The RFC 8707 resource to send. */
  readonly resource: string;
  /** No protected-resource metadata (2025-03-26 path). */
  readonly legacy: boolean;
  /**
   * No authorization-server metadata answered at all: discovery filled in
   * the MCP 2025-03-26 default endpoints and PKCE S256, which the server
   * never stated.
   */
  readonly assumedDefaults: boolean;
}

/**
 * The discovery step: a request without a token (401 and its challenge),
 * then `discover()` as the strategies run it. Values discovery assumed
 * because the server published no metadata are recorded as assumed, not as
 * passed checks.
 */
export async function checkDiscovery(
  checks: LiveCheckList,
  recorder: Recorder,
  serverUrl: string,
  allowInsecure: boolean,
): Promise<DiscoveryFacts> {
  const answer = await recorder.fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(INITIALIZE),
  });
  // Not awaited: cancelling an MSW (mocked) body never settles.
  void answer.body?.cancel().catch(() => {});
  const challenge = answer.headers.get('www-authenticate') ?? '';
  const params = challenge ? parseWwwAuthenticate(challenge) : undefined;
  checks.check(
    'a request without a token gets 401 with a Bearer challenge',
    answer.status === 401 && /bearer/i.test(challenge),
    `HTTP ${answer.status} ${challenge}`,
    ['RFC 6750 §3'],
  );
  const mark = recorder.mark();
  const found = await discover({
    serverUrl,
    resourceMetadataUrl: params?.resource_metadata,
    fetch: recorder.fetch,
    allowInsecure,
  });
  // discover() marks the 2025-03-26 path `legacy` for a metadata document and for none at all;
  // only the recorded answers tell whether any authorization-server metadata answered.
  const asAnswered = recorder
    .since(mark)
    .some((r) => r.endpoint === 'authorization-server-metadata' && r.status === 200);
  const assumedDefaults = found.legacy && !asAnswered;
  recorder.learn({
    token: found.metadata.token_endpoint,
    registration: found.metadata.registration_endpoint,
    revocation: found.metadata.revocation_endpoint,
  });
  const asUrl = found.authorizationServerUrl;
  if (assumedDefaults) {
    const m = found.metadata;
    const why =
      'no authorization-server metadata anywhere, so the MCP 2025-03-26 default applies; the server stated nothing';
    checks.assumed(`the authorization server is the MCP server's origin (${asUrl})`, why, ['D3']);
    checks.assumed(
      `endpoints ${[m.authorization_endpoint, m.token_endpoint, m.registration_endpoint].join(', ')}`,
      why,
      ['D3'],
    );
    checks.assumed('PKCE S256', `${why} (SPEC C7: proceed with S256)`, ['C7']);
  } else {
    checks.check(
      'finds the authorization server',
      // D2: the one protected-resource metadata names; D3 (2025-03-26): at the MCP server's origin.
      found.legacy
        ? new URL(asUrl).origin === new URL(serverUrl).origin
        : found.resourceMetadata?.authorization_servers?.includes(asUrl) === true,
      asUrl,
      ['D2', 'D3'],
    );
    checks.check(
      'AS metadata has authorization and token endpoints',
      !!found.metadata.authorization_endpoint && !!found.metadata.token_endpoint,
    );
    checks.check(
      'the AS supports PKCE S256 (or does not say)',
      found.metadata.code_challenge_methods_supported?.includes('S256') ?? true,
      JSON.stringify(found.metadata.code_challenge_methods_supported) ?? 'not advertised',
      ['C7'],
    );
  }
  if (!found.legacy)
    checks.check(
      'protected-resource metadata names this server',
      resourceMatches(found.resource, serverUrl),
      found.resource,
      ['D8'],
    );
  return {
    unauthenticatedStatus: answer.status,
    challengeHasResourceMetadata: !!params?.resource_metadata,
    metadata: found.metadata,
    resource: found.resource,
    legacy: found.legacy,
    assumedDefaults,
  };
}
