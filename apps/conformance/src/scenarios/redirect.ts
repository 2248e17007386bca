import type { RecordedRequest } from '@mcp-oauth/mock-servers';
import type { Redirect } from '../catalogue/profiles.js';
import type { ScenarioContext } from '../strategies/types.js';
import type { RequestWindow } from './requests.js';

/** Whether the request is one the profile's redirect answered. */
export const redirected = (redirect: Redirect | undefined, request: RecordedRequest) =>
  !!redirect && request.endpoint === redirect.endpoint && request.status === redirect.status;

/**
 * SPEC H1 from the outside: the endpoint did answer with its redirect (else
 * the scenario proves nothing) and not one request reached the host it
 * points at, so the code, refresh token, client secret or assertion stayed
 * home. `what` names the request in the report.
 */
export function checkRedirectNotFollowed(
  ctx: ScenarioContext,
  log: RequestWindow,
  redirect: Redirect,
  what: string,
): void {
  const { checks } = ctx;
  const answered = log.all().filter((r) => redirected(redirect, r));
  checks.check(
    `the ${what} is answered ${redirect.status} to another host`,
    answered.length > 0,
    `${answered.length} ${redirect.endpoint} requests answered ${redirect.status}`,
    ['H1'],
  );
  checkNothingStolen(ctx);
}

/** No request of the whole scenario reached the thief origin the redirects point at (SPEC H1). */
export function checkNothingStolen(ctx: ScenarioContext): void {
  ctx.checks.equal(
    'nothing reaches the redirect target',
    ctx.env.requests
      .filter({ server: 'thief' })
      .map((r) => `${r.method} ${new URL(r.url).pathname}`),
    [],
    ['H1'],
  );
}
