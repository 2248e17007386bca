import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ASSERTION_UNAVAILABLE,
  fileAssertion,
  JWT_BEARER_GRANT,
  workloadIdentity,
} from '@mcp-oauth/client-credentials';
import type { AuthEvent } from '@mcp-oauth/core';
import { errorCodeOf, failureOf } from '../scenarios/connect.js';
import { machineApplies, machineRuns } from '../scenarios/machine.js';
import { ACCESS_TOKEN_TTL } from '../scenarios/refresh.js';
import { param, requestsFrom } from '../scenarios/requests.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/** Lifetime of the first platform token on the rotation row: gone before the token needs renewing. */
const SHORT_TTL = 600;

/**
 * `@mcp-oauth/client-credentials`'s `workloadIdentity()` through the MCP
 * SDK, its platform token in a file as a Kubernetes projected service
 * account token is: the file is rewritten before the renewal, which must
 * send the new token (SPEC M4). On the rotation row the first token has
 * expired by then, and once the second one expires too the client stops
 * with a typed error naming the file, before any request.
 */
export const workloadIdentityAdapter = workloadIdentityColumn(fileAssertion);

/** The workload identity column, reading the token file through `source` (tests break it on purpose). */
export function workloadIdentityColumn(source: typeof fileAssertion): StrategyAdapter {
  return {
    id: 'workload-identity',
    title:
      'workload identity: RFC 7523 jwt-bearer with a platform token file (@mcp-oauth/client-credentials)',
    applies: machineApplies,
    describe: (profile) =>
      profile.traits.refusal
        ? `refuses: ${profile.title}`
        : `token from a platform token file, tools, renewal with the rewritten file: ${profile.title}`,
    async run(ctx: ScenarioContext) {
      const { env, profile, store, clock, checks } = ctx;
      const rotates = profile.traits.workloadTokenRotates === true;
      const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-workload-'));
      const path = join(dir, 'token');
      const first = await env.workload.issueToken({ ttl: rotates ? SHORT_TTL : 86_400 });
      await writeFile(path, first);
      const events: AuthEvent[] = [];
      const make = () =>
        workloadIdentity({
          server: { name: 'conformance', type: 'streamable-http', url: env.mcp.url },
          store,
          clock,
          onEvent: (event) => events.push(event),
          assertion: source(path),
          ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
        });
      // The auth the scenario uses last (a new process after an AS switch).
      let auth: ReturnType<typeof make> | undefined;
      let second = '';
      const renewal = requestsFrom(env);
      try {
        await machineRuns(
          ctx,
          () => {
            auth = make();
            return {
              auth,
              events,
              grantType: JWT_BEARER_GRANT,
              refs: ['M4'],
              authenticated: (request) =>
                param(request, 'assertion') === first && request?.clientAuth === 'none'
                  ? undefined
                  : 'expected the platform token from the file and no client authentication',
            };
          },
          {
            async beforeRenewal() {
              // The platform rewrites the file (a kubelet refresh, a new job token).
              second = await env.workload.issueToken({
                ttl: rotates ? ACCESS_TOKEN_TTL * 2 : 86_400,
              });
              await writeFile(path, second);
            },
            async afterRenewal() {
              const grant = renewal
                .to('token')
                .filter((r) => param(r, 'grant_type') === JWT_BEARER_GRANT)
                .at(-1);
              checks.check(
                'the renewal sends the rewritten token, read again from the file',
                param(grant, 'assertion') === second && grant?.status === 200,
                `status ${grant?.status}`,
                ['M4'],
              );
              if (rotates && auth) await expiredSource(ctx, auth, path);
            },
          },
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Both platform tokens expired, the file not rewritten: a typed error naming the file, no request. */
async function expiredSource(
  ctx: ScenarioContext,
  auth: ReturnType<typeof workloadIdentity>,
  path: string,
) {
  const { env, checks, clock } = ctx;
  const log = requestsFrom(env);
  clock.advance(ACCESS_TOKEN_TTL * 2 * 1000);
  const failure = await failureOf(() => auth.tokens());
  checks.check(
    'an expired platform token is a typed error naming the file',
    errorCodeOf(failure) === ASSERTION_UNAVAILABLE &&
      String((failure as Error).message).includes(path),
    failure instanceof Error ? failure.message : 'no error',
    ['M4'],
  );
  checks.equal('no token request with an expired platform token', log.count('token'), 0, ['M4']);
}
