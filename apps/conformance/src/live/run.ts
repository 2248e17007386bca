import type { RevocationEvent } from '@mcp-oauth/core';
import {
  type AuthorizationServerMetadata,
  discover,
  parseWwwAuthenticate,
  resourceMatches,
} from '@mcp-oauth/discovery';
import { isAuthorizationRequired } from '@mcp-oauth/mcp-sdk';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ScenarioResult } from '../catalogue/types.js';
import type { CliOptions } from '../cli/args.js';
import { buildReport, reportFailed } from '../report/summary.js';
import type { Palette } from '../report/table.js';
import { writeReport } from '../report/write.js';
import { connectWithLogin, describeError } from '../scenarios/connect.js';
import { lineSource } from './input.js';
import { type LiveFacts, observe, suggest } from './observations.js';
import { probeTokenErrors } from './probe.js';
import { recorder } from './recorder.js';
import { renderLive } from './render.js';
import { type BrowserChoice, liveSession } from './session.js';
import { stepRunner } from './step.js';
import { liveStore } from './store.js';

/** What tests (and other front ends) may replace. */
export interface LiveDeps {
  /** Opens the authorization URL instead of the system browser. */
  readonly openBrowser?: (url: string) => Promise<boolean>;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'mcp-oauth-conformance', version: '0.0.0' },
  },
};

/**
 * Live mode: the same checks as the catalogue against a real MCP server and
 * its real authorization server — discovery, registration, the browser
 * login, a tool listing, refresh, step-up when the server asks, revocation
 * — then what the provider does that the specification does not, and the
 * quirk table that fits.
 */
export async function runLive(
  options: CliOptions,
  palette: Palette,
  deps: LiveDeps = {},
): Promise<number> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const strategy = options.strategies[0] ?? 'authorization-code';
  if (
    options.strategies.length > 1 ||
    !['authorization-code', 'cross-app-access'].includes(strategy)
  ) {
    log(
      `Live mode runs one strategy: authorization-code or cross-app-access (got ${options.strategies.join(', ')}).`,
    );
    return 2;
  }
  if (
    strategy === 'cross-app-access' &&
    !(options.idpIssuer && options.idpClientId && options.clientId)
  ) {
    log(
      "Live cross-app access needs --idp-issuer, --idp-client-id and --client-id (this app at the server's AS), and usually --client-secret-env.",
    );
    return 2;
  }
  const serverUrl = options.server!;
  const storeKind = options.stores[0] ?? 'memory';
  const startedAt = new Date();
  let opened: Awaited<ReturnType<typeof liveStore>>;
  try {
    opened = await liveStore(storeKind, options.storeDir);
  } catch (error) {
    log(`Cannot open the ${storeKind} store: ${describeError(error)}`);
    return 2;
  }
  const { store, where } = opened;
  const rec = recorder();
  const typing = options.noBrowser || process.stdin.isTTY ? lineSource(process.stdin) : undefined;
  const browser: BrowserChoice = {
    open: deps.openBrowser ?? !options.noBrowser,
    ...(typing ? { manualInput: () => typing.lines() } : {}),
    show: (url) =>
      log(
        `\nOpen this URL to log in:\n  ${url}\n${typing ? 'If the browser cannot reach this machine, paste the full URL it lands on here and press Enter.\n' : ''}`,
      ),
  };
  const session = liveSession(options, store, rec, browser);
  const { auth } = session;
  const results: ScenarioResult[] = [];
  const facts: { -readonly [K in keyof LiveFacts]?: LiveFacts[K] } = {};
  let client: Client | undefined;

  const step = stepRunner({
    recorder: rec,
    strategy,
    storeKind,
    results,
    log: (line) => log(palette.dim(line)),
  });

  let metadata: AuthorizationServerMetadata | undefined;
  let resource = serverUrl;
  try {
    await step('discovery', `discovery for ${serverUrl}`, async (checks) => {
      const answer = await rec.fetch(serverUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(INITIALIZE),
      });
      // Not awaited: cancelling an MSW (mocked) body never settles.
      void answer.body?.cancel().catch(() => {});
      facts.unauthenticatedStatus = answer.status;
      const challenge = answer.headers.get('www-authenticate') ?? '';
      const params = challenge ? parseWwwAuthenticate(challenge) : undefined;
      facts.challengeHasResourceMetadata = !!params?.resource_metadata;
      checks.check(
        'a request without a token gets 401 with a Bearer challenge',
        answer.status === 401 && /bearer/i.test(challenge),
        `HTTP ${answer.status} ${challenge}`,
        ['RFC 6750 §3'],
      );
      const found = await discover({
        serverUrl,
        resourceMetadataUrl: params?.resource_metadata,
        fetch: rec.fetch,
        allowInsecure: options.allowInsecure,
      });
      metadata = found.metadata;
      resource = found.resource;
      facts.legacy = found.legacy;
      facts.metadata = found.metadata;
      const asUrl = found.authorizationServerUrl;
      checks.check(
        'finds the authorization server',
        // D2: the one protected-resource metadata names; D3 (2025-03-26): at the MCP server's origin.
        found.legacy
          ? new URL(asUrl).origin === new URL(serverUrl).origin
          : found.resourceMetadata?.authorization_servers?.includes(asUrl) === true,
        asUrl,
        ['D2', 'D3'],
      );
      if (!found.legacy)
        checks.check(
          'protected-resource metadata names this server',
          resourceMatches(found.resource, serverUrl),
          found.resource,
          ['D8'],
        );
      checks.check(
        'AS metadata has authorization and token endpoints',
        !!found.metadata.authorization_endpoint && !!found.metadata.token_endpoint,
      );
      checks.check(
        'the AS supports PKCE S256 (or does not say)',
        found.metadata.code_challenge_methods_supported?.includes('S256') ?? true,
        JSON.stringify(found.metadata.code_challenge_methods_supported),
        ['C7'],
      );
    });

    const loggedIn = await step(
      'login',
      session.strategy === 'cross-app-access'
        ? 'IdP login in the browser, ID-JAG exchange, jwt-bearer grant'
        : 'registration and login in the browser',
      async (checks) => {
        client = await connectWithLogin(auth, serverUrl, { settled: async () => {} });
        const record = await session.record();
        // The server refused a request without a token (discovery step): connecting means it took ours.
        const refusedWithoutToken = facts.unauthenticatedStatus === 401;
        checks.check(
          'logs in and connects',
          refusedWithoutToken && !!record?.accessToken,
          !refusedWithoutToken
            ? `connected, but the server answered HTTP ${facts.unauthenticatedStatus} without a token`
            : record?.accessToken
              ? undefined
              : 'connected, but no access token is stored',
          ['A12'],
        );
        checks.check(
          'a client id was registered, configured or published',
          !!(record?.client?.client_id || options.clientId || options.clientMetadataUrl),
          undefined,
          ['C1', 'C2', 'C3'],
        );
        checks.check('an access token is stored', !!record?.accessToken, where, ['T5']);
        if (session.strategy === 'cross-app-access') {
          checks.check(
            'cross-app event: success',
            session.events.some((e) => e.type === 'cross_app_access' && e.reason === 'success'),
            JSON.stringify(session.events.filter((e) => e.type === 'cross_app_access').at(-1)),
            ['X5', 'X7', 'X9'],
          );
        } else {
          checks.check(
            'authorization event: success',
            session.events.some((e) => e.type === 'authorization' && e.reason === 'success'),
            undefined,
            ['A13'],
          );
          facts.refreshToken = !!record?.refreshToken;
        }
      },
    );

    if (loggedIn && client) {
      const connected = client;
      await step('tools', 'tool listing', async (checks) => {
        const tools = await connected.listTools();
        checks.check(
          'lists tools',
          Array.isArray(tools.tools),
          `${tools.tools.length} tools: ${tools.tools.map((t) => t.name).join(', ')}`,
        );
      });

      await step('token-errors', 'how the token endpoint answers an error', async (checks) => {
        if (!metadata?.token_endpoint) return;
        const record = await session.record();
        const probe = await probeTokenErrors(
          rec.fetch,
          metadata.token_endpoint,
          record?.client?.client_id ?? options.clientId,
          resource,
        );
        checks.check(
          'an unknown refresh token is refused with an error',
          probe.status >= 400 || probe.error !== undefined,
          `HTTP ${probe.status} ${probe.error ?? ''}`,
          ['N3'],
        );
      });

      if (session.strategy === 'cross-app-access') {
        await step(
          'silent',
          'silent re-authentication from the cached id_token',
          async (checks) => {
            const before = await session.record();
            const tokens = await session.nearExpiry(() => auth.tokens());
            checks.check(
              'renews a soon-expiring token without a browser',
              !!tokens && tokens.access_token !== before?.accessToken,
              undefined,
              ['X11'],
            );
            const last = session.events.filter((e) => e.type === 'cross_app_access').at(-1);
            checks.check(
              'cross-app event: success from the cached id_token',
              last?.reason === 'success' && last.idTokenCacheHit === true,
              JSON.stringify(last),
              ['X5', 'X11'],
            );
            const tools = await connected.listTools();
            checks.check('lists tools with the renewed token', Array.isArray(tools.tools));
          },
        );
      }

      await step('refresh', 'refresh of a soon-expiring token', async (checks) => {
        const before = await session.record();
        if (!before?.refreshToken) return;
        const tokens = await session.nearExpiry(() => auth.tokens());
        const after = await session.record();
        checks.check(
          'refreshes to a new access token',
          !!tokens && tokens.access_token !== before.accessToken,
          undefined,
          ['T3'],
        );
        checks.check(
          'refresh event: success',
          session.events.some((e) => e.type === 'refresh' && e.reason === 'success'),
          JSON.stringify(session.events.filter((e) => e.type === 'refresh').at(-1)),
          ['R6'],
        );
        checks.check('a refresh token is still stored', !!after?.refreshToken, undefined, ['R8']);
        facts.rotated = !!after?.refreshToken && after.refreshToken !== before.refreshToken;
        const tools = await connected.listTools();
        checks.check('lists tools with the refreshed token', Array.isArray(tools.tools));
      });

      if (options.callTool) {
        const tool = options.callTool;
        await step('step-up', `call ${tool} (step-up when the server asks)`, async (checks) => {
          let current = client!;
          const attempt = () => current.callTool({ name: tool, arguments: {} });
          let result = await attempt().catch((error: unknown) => error);
          const info = result as { reason?: string; scope?: string };
          if (isAuthorizationRequired(result) && info.reason === 'step_up') {
            facts.stepUpScope = info.scope ?? '(unnamed)';
            // S1: the challenge's scope is read and the step-up marked pending in the record.
            const pending = (await session.record())?.stepUpScope;
            checks.check(
              '403 insufficient_scope is read as a step-up request',
              !!info.scope && pending === info.scope,
              `scope ${info.scope ?? '(none)'}; pending step-up ${pending ?? '(none)'}`,
              ['S1'],
            );
            await current.close().catch(() => {});
            await auth.authorize();
            current = await connectWithLogin(auth, serverUrl, { settled: async () => {} });
            client = current;
            result = await attempt().catch((error: unknown) => error);
          }
          checks.check(
            `calls ${tool}`,
            !(result instanceof Error) && (result as { isError?: boolean }).isError !== true,
            result instanceof Error ? describeError(result) : undefined,
            ['S3'],
          );
        });
      }

      const logout = auth.logout?.bind(auth);
      // Cross-app access has no sign-out of its own: the IdP session and the grant are the enterprise's.
      if (logout)
        await step('revocation', 'sign-out (RFC 7009 revocation)', async (checks) => {
          const before = await session.record();
          await client?.close().catch(() => {});
          client = undefined;
          await logout();
          const event = session.events.findLast(
            (e): e is RevocationEvent => e.type === 'revocation',
          );
          const held = [before?.refreshToken, before?.accessToken].filter(Boolean).length;
          facts.revocation = {
            held,
            revoked: event?.revoked.length ?? 0,
            skipped: event?.skipped ?? true,
            ...(event?.status ? { status: event.status } : {}),
          };
          if (metadata?.revocation_endpoint) {
            checks.check(
              'the revocation endpoint accepted every token',
              (event?.revoked.length ?? 0) === held,
              JSON.stringify(event),
              ['V3'],
            );
          }
          const after = await session.record();
          checks.check(
            'local tokens cleared',
            !after?.accessToken && !after?.refreshToken,
            undefined,
            ['V6'],
          );
          checks.equal('no tokens after sign-out', await auth.tokens(), undefined, ['V6']);
          if (before?.accessToken) {
            const check = await rec.fetch(serverUrl, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                accept: 'application/json, text/event-stream',
                authorization: `Bearer ${before.accessToken}`,
              },
              body: JSON.stringify(INITIALIZE),
            });
            void check.body?.cancel().catch(() => {});
            facts.acceptedAfterRevocation = check.status < 300 && !!metadata?.revocation_endpoint;
          }
        });
    }
  } finally {
    await client?.close().catch(() => {});
    typing?.close();
  }

  const observations = observe({
    ...facts,
    crossAppAccess: session.strategy === 'cross-app-access',
    seen: rec.seen,
  });
  const suggestions = suggest(observations, rec.seen);
  const report = buildReport('live', startedAt, results, { observations, suggestions });
  console.log(renderLive(report, new URL(serverUrl).host, palette));
  const written = await writeReport(report, options.out);
  console.log(palette.dim(`reports: ${written.json}, ${written.junit}, ${written.html}`));
  return reportFailed(report) ? 1 : 0;
}
