import type { RevocationEvent, ServerRecord } from '@mcp-oauth/core';
import type { RecordedRequest } from '@mcp-oauth/mock-servers';
import type { ProfileTraits } from '../catalogue/profiles.js';
import type { ScenarioContext } from '../strategies/types.js';
import { checkNothingStolen } from './redirect.js';
import { param } from './requests.js';

/** What a sign-out left behind, for {@link checkSignOut}. */
export interface SignOutFacts {
  /** The record before sign-out. */
  readonly before: ServerRecord | undefined;
  /** The record after. */
  readonly after: ServerRecord | undefined;
  /** Requests to the revocation endpoint during sign-out. */
  readonly requests: readonly RecordedRequest[];
  /** The revocation event. */
  readonly event: RevocationEvent | undefined;
  /** Sign-out was asked to keep the discovery state (SPEC V7). */
  readonly keptDiscovery?: boolean;
}

const authOf: Record<ProfileTraits['clientAuth'], RecordedRequest['clientAuth']> = {
  none: 'none',
  client_secret_basic: 'basic',
  client_secret_post: 'post',
  // The assertion is a form field the log does not name.
  private_key_jwt: 'none',
};

/**
 * RFC 7009 sign-out as SPEC V1–V6 want it: refresh token first, then the
 * access token, each with its hint, the client authenticated as the AS
 * metadata says, a 401 retried once with Bearer; no revocation when there
 * is no endpoint or no trustworthy metadata, and no redirect followed (H1);
 * local tokens always cleared.
 */
export function checkSignOut(
  ctx: ScenarioContext,
  traits: ProfileTraits,
  facts: SignOutFacts,
): void {
  const { checks, env } = ctx;
  const { before, after, requests, event } = facts;
  const held = [
    ...(before?.refreshToken ? ['refresh_token'] : []),
    ...(before?.accessToken ? ['access_token'] : []),
  ];
  const revocable = traits.metadata === 'ok' && traits.revocation !== 'none';
  const redirect = traits.redirect?.endpoint === 'revocation' ? traits.redirect : undefined;
  if (revocable && redirect) {
    checks.check(
      `tries to revoke, answered ${redirect.status} to another host`,
      requests.length > 0 && requests.every((r) => r.status === redirect.status),
      requests.map((r) => r.status).join(' '),
      ['V3', 'H1'],
    );
    checkNothingStolen(ctx);
    checks.check(
      'revocation event: nothing revoked, the redirect status reported',
      event?.revoked.length === 0 && event.status === redirect.status,
      JSON.stringify(event),
      ['V3', 'H1'],
    );
  } else if (!revocable) {
    checks.equal(
      traits.metadata === 'ok'
        ? 'no revocation_endpoint: revocation skipped'
        : `AS metadata ${traits.metadata === 'issuer-mismatch' ? 'names another issuer' : 'unusable'}: no token sent`,
      requests.length,
      0,
      traits.metadata === 'issuer-mismatch' ? ['V1', 'D7'] : ['V1'],
    );
    checks.equal('revocation event says skipped', event?.skipped, true, ['V1']);
  } else {
    const firsts = requests.filter(
      (r, i) => i === 0 || param(requests[i - 1], 'token') !== param(r, 'token'),
    );
    checks.equal(
      'revokes the refresh token, then the access token, with hints',
      firsts.map((r) => param(r, 'token_type_hint')),
      held,
      ['V3'],
    );
    checks.check(
      'revokes the tokens it held',
      firsts.map((r) => param(r, 'token')).join(' ') ===
        [before?.refreshToken, before?.accessToken].filter(Boolean).join(' '),
      undefined,
      ['V3'],
    );
    if (traits.revocation === 'client') {
      checks.equal(
        `authenticates as ${traits.clientAuth} at the revocation endpoint`,
        [...new Set(requests.map((r) => r.clientAuth))],
        [authOf[traits.clientAuth]],
        ['V2', 'V4'],
      );
      if (traits.clientAuth === 'none') {
        checks.check(
          'public client sends client_id in the body',
          requests.every((r) => !!param(r, 'client_id')),
          undefined,
          ['V4'],
        );
      }
    } else {
      // Revoking the refresh token ends the grant, so the access token's own Bearer retry may get 401.
      const bearer = requests.filter((r) => r.clientAuth === 'bearer');
      checks.check(
        '401 retried once with Bearer, without client credentials',
        bearer[0]?.status === 200 &&
          bearer.every((r) => !param(r, 'client_secret') && !param(r, 'client_id')) &&
          bearer.length <= held.length,
        requests.map((r) => `${r.clientAuth}:${r.status}`).join(' '),
        ['V5'],
      );
    }
    checks.check(
      'revocation event lists the revoked tokens',
      traits.revocation === 'bearer'
        ? !!event?.revoked.includes(held[0] as 'refresh_token')
        : JSON.stringify(event?.revoked) === JSON.stringify(held),
      JSON.stringify(event?.revoked),
      ['V3'],
    );
    if (before?.accessToken) {
      checks.equal(
        'the AS no longer accepts the access token',
        env.authorizationServer.isActive(before.accessToken),
        false,
        ['V3'],
      );
    }
  }
  if (facts.keptDiscovery) {
    checks.equal(
      'keepDiscovery keeps the AS URL',
      after?.authorizationServerUrl,
      before?.authorizationServerUrl,
      ['V7'],
    );
  }
  checks.check(
    'local tokens cleared',
    !after?.accessToken && !after?.refreshToken && after?.expiresAt === undefined,
    undefined,
    ['V6'],
  );
}
