import { StoreKeys, type Strategy } from '@mcp-oauth/core';
import { DPOP_UNSUPPORTED, dpop } from '@mcp-oauth/dpop';
import type { RecordedRequest } from '@mcp-oauth/mock-servers';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { connectWithLogin, describeError, errorCodeOf, failureOf } from '../scenarios/connect.js';
import { ACCESS_TOKEN_TTL, serverRecord } from '../scenarios/refresh.js';
import { type RequestWindow, requestsFrom } from '../scenarios/requests.js';
import { codeSession } from '../scenarios/strategy.js';
import { clientCredentialsSession } from './client-credentials.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

/** What one strategy with DPoP is, for the checks. */
interface Subject {
  /** Check name prefix: `authorization code`, `client credentials`. */
  readonly label: string;
  readonly auth: Strategy;
  /** Connects, logging in when the strategy needs a person. */
  connect(): Promise<Client>;
}

const scheme = (r: RecordedRequest) => String(r.headers.authorization ?? '').split(' ')[0] ?? '';
const authorizedMcp = (log: RequestWindow) =>
  log.all().filter((r) => r.server === 'mcp' && r.headers.authorization);

/**
 * A server that binds tokens (with or without nonces): proofs on every
 * token and MCP request, `Authorization: DPoP`, the MCP server's check of
 * `ath` and key passed, one retry per `use_dpop_nonce`, the key kept in
 * the record and used again by the renewal (SPEC P1–P4).
 */
async function bound(ctx: ScenarioContext, subject: Subject, nonces: boolean) {
  const { env, checks, clock } = ctx;
  const { label, auth } = subject;
  const log = requestsFrom(env);
  const client = await subject.connect();
  try {
    const tokenRequests = log.to('token');
    const mcp = authorizedMcp(log);
    checks.check(
      `${label}: a proof on every token request`,
      tokenRequests.length > 0 && tokenRequests.every((r) => typeof r.headers.dpop === 'string'),
      `${tokenRequests.filter((r) => !r.headers.dpop).length} of ${tokenRequests.length} without`,
      ['P2'],
    );
    checks.check(
      `${label}: MCP requests use Authorization: DPoP with a proof, and are accepted`,
      mcp.length > 0 &&
        mcp.every((r) => scheme(r) === 'DPoP' && typeof r.headers.dpop === 'string') &&
        mcp.some((r) => r.status === 200),
      [...new Set(mcp.map((r) => `${scheme(r)} ${r.status}`))].join(', '),
      ['P2', 'P4'],
    );
    if (nonces) {
      checks.equal(
        `${label}: use_dpop_nonce retried once at the token endpoint and the MCP server`,
        [
          tokenRequests.filter((r) => r.status === 400).length,
          mcp.filter((r) => r.status === 401).length,
        ],
        [1, 1],
        ['P3'],
      );
    }
    const before = await serverRecord(ctx, { auth });
    const jkt = env.authorizationServer.inspect(before?.accessToken ?? '')?.jkt;
    checks.check(
      `${label}: the token is DPoP-bound and the key is kept in the record as a private JWK`,
      before?.tokenType === 'DPoP' && !!jkt && typeof before?.dpopKey?.d === 'string',
      undefined,
      ['P1', 'P4'],
    );
    const renewal = requestsFrom(env);
    clock.advance((ACCESS_TOKEN_TTL - 200) * 1000);
    await client.listTools();
    const after = await serverRecord(ctx, { auth });
    const renewed = renewal.to('token').filter((r) => r.status === 200);
    checks.check(
      `${label}: the renewed token is bound to the same key`,
      renewed.length === 1 &&
        after?.accessToken !== before?.accessToken &&
        env.authorizationServer.inspect(after?.accessToken ?? '')?.jkt === jkt,
      `${renewed.length} renewals`,
      ['P1', 'P4'],
    );
  } finally {
    await client.close().catch(() => {});
  }
}

/** Nonces that never settle: one retry, then a clear error; no loop (SPEC P3). */
async function neverSettles(ctx: ScenarioContext, subject: Subject) {
  const { env, checks } = ctx;
  const log = requestsFrom(env);
  const failure = await failureOf(async () => (await subject.connect()).close());
  const tokenRequests = log.to('token');
  checks.check(
    `${subject.label}: gives up after one nonce retry`,
    failure !== undefined && tokenRequests.length === 2,
    `${tokenRequests.length} token requests; ${failure ? describeError(failure) : 'connected'}`,
    ['P3'],
  );
  checks.check(
    `${subject.label}: the error names use_dpop_nonce`,
    /use_dpop_nonce/.test(describeError(failure)),
    describeError(failure),
    ['P3'],
  );
}

/** Bearer tokens from a server that does not bind them: used as Bearer (SPEC P4). */
async function fallsBack(ctx: ScenarioContext, subject: Subject) {
  const { env, checks } = ctx;
  const log = requestsFrom(env);
  const client = await subject.connect();
  await client.close().catch(() => {});
  const mcp = authorizedMcp(log);
  checks.check(
    `${subject.label}: an unbound token is sent as Bearer`,
    mcp.length > 0 && mcp.every((r) => scheme(r) === 'Bearer') && mcp.some((r) => r.status === 200),
    [...new Set(mcp.map((r) => `${scheme(r)} ${r.status}`))].join(', '),
    ['P4'],
  );
  checks.equal(
    `${subject.label}: no DPoP token type stored`,
    (await serverRecord(ctx, subject))?.tokenType,
    undefined,
    ['P4'],
  );
}

/** `required`: a Bearer token is refused with DPOP_UNSUPPORTED and never sent (SPEC P4). */
async function requiredRefuses(ctx: ScenarioContext, subject: Subject) {
  const { env, checks } = ctx;
  const log = requestsFrom(env);
  const failure = await failureOf(async () => (await subject.connect()).close());
  checks.equal(
    `${subject.label}: required DPoP refuses a Bearer token`,
    errorCodeOf(failure),
    DPOP_UNSUPPORTED,
    ['P4'],
  );
  checks.equal(`${subject.label}: the refused token is never sent`, authorizedMcp(log).length, 0, [
    'P4',
  ]);
}

type MakeDPoP = typeof dpop;

function subjects(ctx: ScenarioContext, required: boolean, make: MakeDPoP): Subject[] {
  // One dpop() each: a shared one shares its nonces, and the second would never be asked.
  const option = () => make(required ? { required: true } : {});
  const code = codeSession(ctx, { dpop: option() });
  const machine = clientCredentialsSession(ctx, { dpop: option() });
  return [
    {
      label: 'authorization code',
      auth: code.auth,
      connect: () => connectWithLogin(code.auth, ctx.env.mcp.url, ctx.browser, 1),
    },
    {
      label: 'client credentials',
      auth: machine.auth,
      connect: () => connectWithLogin(machine.auth, ctx.env.mcp.url, ctx.browser, 0),
    },
  ];
}

/** Runs each strategy in turn on a clean record: they share the server, so its record key. */
async function each(
  ctx: ScenarioContext,
  make: MakeDPoP,
  required: boolean,
  fn: (s: Subject) => Promise<void>,
) {
  for (const subject of subjects(ctx, required, make)) {
    try {
      await fn(subject);
    } catch (error) {
      ctx.checks.check(
        `${subject.label}: runs without an unexpected error`,
        false,
        describeError(error),
        ['P5'],
      );
    }
    await ctx.store.delete(StoreKeys.server(await subject.auth.serverKey()));
  }
}

/**
 * `@mcp-oauth/dpop` with two strategies, one with a person
 * (`authorization-code`) and one without (`client-credentials`), on the
 * DPoP profiles and on a server without DPoP (SPEC P1–P5).
 */
export const dpopAdapter = dpopColumn(dpop);

/** The DPoP column with the `dpop()` it is given (tests break it on purpose). */
export function dpopColumn(make: MakeDPoP): StrategyAdapter {
  return {
    id: 'dpop',
    title: 'DPoP, RFC 9449, with authorization code and client credentials (@mcp-oauth/dpop)',
    applies: (profile: CatalogueProfile) =>
      profile.traits.dpop !== undefined || profile.id === 'compliant',
    // The client-credentials half needs a confidential client; the code half registers its own.
    env: () => ({ client: { authMethod: 'client_secret_basic' } }),
    describe: (profile) =>
      profile.traits.dpop === 'nonce-never-settles'
        ? `gives up on a nonce that never settles: ${profile.title}`
        : profile.traits.dpop === 'bound' || profile.traits.dpop === 'nonce'
          ? `bound tokens, proofs, renewal with the same key: ${profile.title}`
          : `Bearer fallback, and required DPoP refused: ${profile.title}`,
    async run(ctx: ScenarioContext) {
      const kind = ctx.profile.traits.dpop;
      if (kind === 'bound' || kind === 'nonce') {
        return each(ctx, make, false, (s) => bound(ctx, s, kind === 'nonce'));
      }
      if (kind === 'nonce-never-settles') {
        return each(ctx, make, false, (s) => neverSettles(ctx, s));
      }
      await each(ctx, make, false, (s) => fallsBack(ctx, s));
      await each(ctx, make, true, (s) => requiredRefuses(ctx, s));
    },
  };
}
