import { type CrossAppAccessStage, type ServerRecord, StoreKeys } from '@mcp-oauth/core';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { describeError } from '../scenarios/connect.js';
import { AS_CLIENT_SECRET, connectCrossApp, crossAppSession } from '../scenarios/cross-app.js';
import { checkRedirectNotFollowed, redirected } from '../scenarios/redirect.js';
import { acceptedBearer, bearerRequests, param, requestsFrom } from '../scenarios/requests.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Profiles that say something about cross-app access: discovery variants,
 * error styles, client authentication, flakiness and the hostile metadata,
 * callback and redirect cases. Those about the AS's own browser flow (PKCE,
 * `iss`, DCR, client metadata documents, consent) do not apply: cross-app
 * access never opens the AS's authorization endpoint.
 */
const APPLIES = new Set([
  'compliant',
  'path-aware',
  'prm-at-root',
  'no-resource-metadata-in-challenge',
  'openid-configuration',
  'legacy-2025-03-26',
  'legacy-2025-03-26-path-aware',
  'flaky',
  'slack',
  'github',
  'confidential',
  'confidential-post',
  'no-refresh-token',
  'stray-callbacks',
  'issuer-mismatch',
  'resource-mismatch',
  'oversized-metadata',
  'non-json-metadata',
  'oversized-prm',
  'non-json-prm',
  'token-redirect',
  'token-redirect-308',
  'idp-token-exchange-redirect',
]);

/** The stable codes of an error and its causes, outermost first. */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (codes.length > 5) break;
  }
  return codes;
}

/** Hostile profiles, the code the cross-app flow must refuse them with, and at which stage (SPEC X9). */
const REFUSALS: Record<string, { readonly code: string; readonly stage: CrossAppAccessStage }> = {
  'issuer-mismatch': { code: 'ISSUER_MISMATCH', stage: 'discovery' },
  'resource-mismatch': { code: 'RESOURCE_MISMATCH', stage: 'discovery' },
  'oversized-metadata': { code: 'RESPONSE_TOO_LARGE', stage: 'discovery' },
  'non-json-metadata': { code: 'INVALID_RESPONSE', stage: 'discovery' },
  'oversized-prm': { code: 'RESPONSE_TOO_LARGE', stage: 'discovery' },
  'non-json-prm': { code: 'INVALID_RESPONSE', stage: 'discovery' },
  // SPEC H1: the ID-JAG and the client secret, or the id_token, go nowhere else.
  'token-redirect': { code: 'HTTP_ERROR', stage: 'jwt_bearer' },
  'token-redirect-308': { code: 'HTTP_ERROR', stage: 'jwt_bearer' },
  'idp-token-exchange-redirect': { code: 'HTTP_ERROR', stage: 'token_exchange' },
};

/**
 * `@mcp-oauth/cross-app-access`: one IdP login (OIDC code + PKCE through the
 * loopback callback), RFC 8693 exchange of the id_token for an ID-JAG at the
 * IdP, RFC 7523 jwt-bearer at the AS with client authentication, then
 * silent re-authentication from the cached id_token (SPEC X5–X11).
 */
export const crossAppAccessAdapter: StrategyAdapter = {
  id: 'cross-app-access',
  title:
    'enterprise-managed authorization: IdP login, ID-JAG, jwt-bearer (@mcp-oauth/cross-app-access)',
  applies: (profile: CatalogueProfile) => APPLIES.has(profile.id),
  // The AS knows this app as a confidential client; the profile may pick the method.
  env: (profile) => ({
    // The id_token outlives two access tokens, so the scenario can renew twice before it drops it.
    idTokenTtl: 3 * 3600,
    client: {
      clientSecret: AS_CLIENT_SECRET,
      authMethod:
        profile.traits.clientAuth === 'none' ? 'client_secret_basic' : profile.traits.clientAuth,
    },
  }),
  describe: (profile) =>
    REFUSALS[profile.id]
      ? `refuses: ${profile.title}`
      : `IdP login, exchange, silent re-authentication: ${profile.title}`,
  async run(ctx: ScenarioContext) {
    const { env, checks, clock, profile } = ctx;
    const session = crossAppSession(ctx);
    const log = requestsFrom(env);
    const refusal = REFUSALS[profile.id];
    if (refusal) {
      const failure = await connectCrossApp(ctx, session).then(
        (client) => client.close().then(() => undefined),
        (error: unknown) => error,
      );
      // Cross-app access wraps every failure in EXCHANGE_FAILED with its stage (SPEC X9); the refusal is the cause.
      const codes = causeCodes(failure);
      checks.check(
        `refuses the server: ${refusal.code} at stage ${refusal.stage}`,
        codes.includes(refusal.code) && (failure as { stage?: string }).stage === refusal.stage,
        failure ? `${codes.join(' <- ')}: ${describeError(failure)}` : 'connected',
        [...(profile.traits.refusal?.refs ?? []), 'X9'],
      );
      const { redirect } = profile.traits;
      if (redirect) {
        checkRedirectNotFollowed(
          ctx,
          log,
          redirect,
          redirect.endpoint === 'token' ? 'jwt-bearer grant' : 'token exchange',
        );
      }
      checks.equal(
        redirect?.endpoint === 'token'
          ? 'no jwt-bearer grant at the AS but the redirected one'
          : 'no jwt-bearer grant at the AS',
        log
          .to('token')
          .filter((r) => param(r, 'grant_type') === JWT_BEARER && !redirected(redirect, r)).length,
        0,
        ['X7'],
      );
      checks.equal('no bearer token sent to the MCP server', bearerRequests(log.all()).length, 0, [
        'D8',
      ]);
      // Read the store: tokens() would try a new silent exchange from the cached id_token.
      const record = (await ctx.store.get(StoreKeys.server(await session.auth.serverKey()), {
        fresh: true,
      })) as ServerRecord | undefined;
      checks.equal('no token stored', record?.accessToken, undefined, ['T1']);
      return;
    }
    let client: Awaited<ReturnType<typeof connectCrossApp>> | undefined;
    const failures: string[] = [];
    // As with the consent flow, the app retries a login that failed on a transient error.
    for (let attempt = 0; attempt <= (profile.client?.loginRetries ?? 0) && !client; attempt++) {
      client = await connectCrossApp(ctx, session).catch((error: unknown) => {
        failures.push(describeError(error));
        return undefined;
      });
    }
    if (!client) {
      checks.check('logs in at the IdP and connects', false, failures.join(' | '), ['X5', 'X7']);
      return;
    }
    try {
      const authorized = acceptedBearer(log.all());
      checks.check(
        'logs in at the IdP and connects',
        authorized,
        authorized ? undefined : 'connected, but the MCP server accepted no bearer token',
        ['X5', 'X7'],
      );
      if (failures.length === 0) {
        checks.equal('one IdP browser login', log.count('idp-authorize'), 1, ['X5']);
      } else {
        // An explicit authorize() after a failed silent exchange logs in at the IdP again.
        checks.check(
          'at most one IdP browser login per attempt',
          log.count('idp-authorize') <= failures.length + 1,
          `${log.count('idp-authorize')} logins in ${failures.length + 1} attempts`,
          ['X5'],
        );
      }
      checks.equal('the AS authorization endpoint is never used', log.count('authorize'), 0, [
        'X7',
      ]);
      checks.equal('no dynamic registration', log.count('registration'), 0, ['X3']);
      const exchange = log.to('idp-token').find((r) => param(r, 'grant_type') === TOKEN_EXCHANGE);
      checks.equal(
        'RFC 8693 exchange asks for an ID-JAG',
        param(exchange, 'requested_token_type'),
        'urn:ietf:params:oauth:token-type:id-jag',
        ['X7'],
      );
      checks.equal(
        'the ID-JAG is aimed at the AS issuer',
        param(exchange, 'audience'),
        env.authorizationServer.issuer,
        ['X7'],
      );
      checks.equal(
        'the ID-JAG names the MCP server as resource',
        param(exchange, 'resource'),
        env.mcp.url,
        ['X7', 'C8'],
      );
      const bearer = log.to('token').filter((r) => param(r, 'grant_type') === JWT_BEARER);
      checks.equal(
        'one successful RFC 7523 jwt-bearer grant at the AS',
        bearer.filter((r) => r.status === 200).length,
        1,
        ['X7'],
      );
      const method = profile.traits.clientAuth === 'client_secret_post' ? 'post' : 'basic';
      checks.equal(
        `authenticates at the AS with client_secret_${method}`,
        bearer[0]?.clientAuth,
        method,
        ['X3', 'X7'],
      );
      const first = session.crossAppEvents().find((e) => e.reason === 'success');
      checks.check(
        'cross-app event: success, id_token not cached yet',
        first?.idTokenCacheHit === false,
        JSON.stringify(first),
        ['X5', 'X9'],
      );
      const tools = await client.listTools();
      checks.check(
        'lists tools with the new token',
        tools.tools.some((t) => t.name === 'test-tool'),
      );

      // X11: no refresh token, the access token is about to expire: exchange again, silently.
      const opened = ctx.browser.opened.length;
      const before = await session.auth.tokens();
      const silent = requestsFrom(env);
      clock.advance((3600 - 100) * 1000);
      const [a, b] = await Promise.all([session.auth.tokens(), session.auth.tokens()]);
      checks.check(
        'soon-expiring token renewed without a browser',
        !!a &&
          a.access_token !== before?.access_token &&
          a.access_token === b?.access_token &&
          ctx.browser.opened.length === opened,
        undefined,
        ['X11'],
      );
      checks.equal(
        'two callers share one exchange',
        silent.to('token').filter((r) => param(r, 'grant_type') === JWT_BEARER && r.status === 200)
          .length,
        1,
        ['X11', 'X12'],
      );
      checks.check(
        'cross-app event: id_token cache hit',
        session.crossAppEvents().at(-1)?.idTokenCacheHit === true,
        undefined,
        ['X5'],
      );
      const again = await client.listTools();
      checks.check('lists tools with the renewed token', again.tools.length > 0);

      // X8: an IdP outage (5xx) keeps the cached id_token; a refusal (4xx) drops it.
      const idTokenKey = StoreKeys.idToken(env.idp.issuer);
      const idpAnswers = (status: number, error: string) =>
        ctx.intercept('POST', env.urls.idpToken, () => Response.json({ error }, { status }));
      idpAnswers(503, 'temporarily_unavailable');
      clock.advance((3600 - 100) * 1000);
      await session.auth.tokens();
      const outage = session.crossAppEvents().at(-1);
      checks.check(
        'IdP 503 during the exchange: failure at token_exchange, id_token kept',
        outage?.reason === 'failure' &&
          outage.stage === 'token_exchange' &&
          !!(await ctx.store.get(idTokenKey, { fresh: true })),
        JSON.stringify(outage),
        ['X8', 'X9'],
      );
      idpAnswers(400, 'invalid_grant');
      // The strategy pauses silent exchanges for a while after a failure; wait that out.
      clock.advance(60_000);
      await session.auth.tokens();
      checks.equal(
        'IdP 400 invalid_grant: the cached id_token is dropped',
        await ctx.store.get(idTokenKey, { fresh: true }),
        undefined,
        ['X8'],
      );

      // X11: without a usable id_token only the user can help: no tokens, no browser.
      clock.advance(2 * 3600 * 1000);
      checks.equal(
        'no id_token and an expired access token: no tokens, no browser',
        await session.auth.tokens(),
        undefined,
        ['X11'],
      );
      checks.equal('the browser stayed closed', ctx.browser.opened.length, opened, ['X11']);
    } finally {
      await client.close().catch(() => {});
    }
  },
};
