import type { RevocationEvent, ServerRecord } from '@mcp-oauth/core';
import type { AuthorizationServerMetadata } from '@mcp-oauth/discovery';
import { INITIALIZE } from './discovery.js';
import { clientCount, probeGrants, revokeEach } from './grants.js';
import type { Recorder } from './recorder.js';
import type { LiveSession } from './session.js';
import type { LiveCheckList } from './step.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** What sign-out showed about the provider. */
export interface SignOutFacts {
  /** Tokens revoked at sign-out (the strategy's and live mode's own), and those the server accepted. */
  readonly revocation: { held: number; revoked: number; skipped: boolean; status?: number };
  /** The MCP server still accepted the last access token after revocation. */
  readonly acceptedAfterRevocation?: boolean;
  /** Grants this run obtained. */
  readonly grants: number;
  /** Grants still alive at the server after sign-out (refresh tokens that still refresh). */
  readonly alive?: number;
}

/** What {@link checkSignOut} needs. */
export interface SignOutContext {
  readonly session: LiveSession;
  readonly recorder: Recorder;
  readonly serverUrl: string;
  readonly metadata: AuthorizationServerMetadata | undefined;
  readonly allowInsecure: boolean;
}

/**
 * Sign-out of every grant the run obtained (RFC 7009, SPEC V3, V6): the
 * strategy's `logout()` revokes the grant in its record; every other
 * refresh token the run was issued (the first login's, when a step-up
 * registered a new client) is revoked here with the client it was issued
 * to. Then each refresh token is tried at the token endpoint: the check
 * passes only when the server refuses every one, so no grant is left alive.
 */
export async function checkSignOut(
  checks: LiveCheckList,
  context: SignOutContext,
): Promise<SignOutFacts> {
  const { session, recorder, serverUrl, metadata } = context;
  const before: ServerRecord | undefined = await session.record();
  await session.auth.logout!();
  const event = session.events.findLast((e): e is RevocationEvent => e.type === 'revocation');
  const obtained = recorder.refreshTokens();
  // A login starts a grant; a refresh continues one.
  const grants = obtained.filter((t) => t.grantType !== 'refresh_token').length;
  const others = obtained.filter((t) => t.refreshToken !== before?.refreshToken);
  const endpoint = metadata?.revocation_endpoint;
  const extra = endpoint
    ? await revokeEach(recorder.fetch, metadata, others, context.allowInsecure)
    : [];
  const held = [before?.refreshToken, before?.accessToken].filter(Boolean).length;
  const refused = extra.filter((r) => !r.outcome.ok);
  const status = refused[0]?.outcome.status ?? event?.status;
  const revocation = {
    held: held + extra.length,
    revoked: (event?.revoked.length ?? 0) + extra.length - refused.length,
    skipped: event?.skipped ?? true,
    ...(status ? { status } : {}),
  };
  if (endpoint) {
    checks.check(
      'the revocation endpoint accepted every token the run obtained',
      revocation.revoked === revocation.held,
      `${revocation.revoked} of ${revocation.held} accepted: the grant in the record (${JSON.stringify(event?.revoked ?? [])}) and ${count(extra.length, 'earlier refresh token')} from ${count(clientCount(others), 'client')}${refused.length ? `; refused: ${refused.map((r) => `HTTP ${r.outcome.status ?? '?'}${r.outcome.oauthError ? ` ${r.outcome.oauthError}` : ''}`).join(', ')}` : ''}`,
      ['V3'],
    );
  } else {
    checks.check(
      'no revocation_endpoint: the strategy revoked nothing',
      event?.skipped === true && (event?.revoked.length ?? 0) === 0,
      JSON.stringify(event),
      ['V1'],
    );
  }
  const after = await session.record();
  checks.check('local tokens cleared', !after?.accessToken && !after?.refreshToken, undefined, [
    'V6',
  ]);
  checks.equal('no tokens after sign-out', await session.auth.tokens(), undefined, ['V6']);

  let alive: number | undefined;
  if (endpoint && obtained.length) {
    const probes = await probeGrants(recorder, obtained);
    const living = probes.filter((p) => p.alive);
    alive = living.length;
    checks.check(
      'no grant is left alive: every refresh token the run obtained is refused after sign-out',
      living.length === 0,
      `${count(probes.length, 'refresh token')} from ${count(clientCount(obtained), 'client')} tried: ${living.length ? `${living.length} still refresh` : 'all refused'} (${[...new Set(probes.map((p) => p.answer))].join('; ')})`,
      ['V3', 'RFC 7009 §2.1'],
    );
    // A grant found alive was just refreshed: revoke what that issued, best effort.
    const issued = recorder.refreshTokens().slice(obtained.length);
    if (metadata && issued.length)
      await revokeEach(recorder.fetch, metadata, issued, context.allowInsecure);
  }
  let acceptedAfterRevocation: boolean | undefined;
  if (before?.accessToken) {
    const check = await recorder.fetch(serverUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${before.accessToken}`,
      },
      body: JSON.stringify(INITIALIZE),
    });
    void check.body?.cancel().catch(() => {});
    acceptedAfterRevocation = check.status < 300 && !!endpoint;
  }
  return {
    revocation,
    grants,
    ...(alive !== undefined ? { alive } : {}),
    ...(acceptedAfterRevocation !== undefined ? { acceptedAfterRevocation } : {}),
  };
}
