import { assertSecureUrl } from '@mcp-oauth/discovery';
import { isAuthorizationRequired } from '@mcp-oauth/mcp-sdk';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CliOptions } from '../cli/args.js';
import type { LiveReport } from '../report/provider.js';
import { buildReport, reportFailed } from '../report/summary.js';
import type { Palette } from '../report/table.js';
import { writeReport } from '../report/write.js';
import { connectWithLogin } from '../scenarios/connect.js';
import { checkDiscovery, type DiscoveryFacts } from './discovery.js';
import { answerOf, explainError, oauthErrorOf } from './errors.js';
import { lineSource } from './input.js';
import { type LiveFacts, observe, suggest } from './observations.js';
import { probeTokenErrors } from './probe.js';
import { recorder } from './recorder.js';
import { renderLive } from './render.js';
import { type BrowserChoice, liveSession, liveStrategies } from './session.js';
import { checkSignOut } from './sign-out.js';
import { type LiveStepResult, stepRunner } from './step.js';
import { liveStore } from './store.js';
import { summarizeProvider } from './summary.js';

/** What tests (and other front ends) may replace. */
export interface LiveDeps {
  /** Opens the authorization URL instead of the system browser. */
  readonly openBrowser?: (url: string) => Promise<boolean>;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

/**
 * Live mode: the same checks as the catalogue against a real MCP server and
 * its real authorization server — discovery, registration, the browser
 * login, a tool listing, refresh, step-up when the server asks, sign-out of
 * every grant the run obtained — then a summary of the provider derived
 * from every check (what it got wrong, where it departs from the
 * specification, what is allowed but worth knowing) and the configuration
 * that fits. A step an earlier failure kept from running is listed as not
 * run and claims nothing.
 */
export async function runLive(
  options: CliOptions,
  palette: Palette,
  deps: LiveDeps = {},
): Promise<number> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const strategy = options.strategies[0] ?? liveStrategies[0];
  if (options.strategies.length > 1 || !(liveStrategies as readonly string[]).includes(strategy)) {
    log(
      `Live mode runs one strategy: ${liveStrategies.join(' or ')} (got ${options.strategies.join(', ')}).`,
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
  try {
    // Before any request: a plain-http server URL is the user's to fix, with the flag that allows it.
    assertSecureUrl(serverUrl, { allowInsecure: options.allowInsecure, purpose: 'MCP server URL' });
  } catch (error) {
    log(explainError(error));
    return 2;
  }
  const storeKind = options.stores[0] ?? 'memory';
  const startedAt = new Date();
  let opened: Awaited<ReturnType<typeof liveStore>>;
  try {
    opened = await liveStore(storeKind, options.storeDir);
  } catch (error) {
    log(`Cannot open the ${storeKind} store: ${explainError(error)}`);
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
  const results: LiveStepResult[] = [];
  const facts: { -readonly [K in keyof LiveFacts]?: LiveFacts[K] } = {};
  let client: Client | undefined;
  let found: DiscoveryFacts | undefined;

  const step = stepRunner({
    recorder: rec,
    strategy,
    storeKind,
    results,
    log: (line) => log(palette.dim(line)),
    onError: (name, error) => {
      const oauth = oauthErrorOf(error);
      if (oauth) facts.oauthErrors = [...(facts.oauthErrors ?? []), { step: name, ...oauth }];
    },
  });
  const crossApp = session.strategy === 'cross-app-access';
  const titles = {
    login: crossApp
      ? 'IdP login in the browser, ID-JAG exchange, jwt-bearer grant'
      : 'registration and login in the browser',
    tools: 'tool listing',
    tokenErrors: 'how the token endpoint answers an error',
    silent: 'silent re-authentication from the cached id_token',
    refresh: 'refresh of a soon-expiring token',
    stepUp: `call ${options.callTool} (step-up when the server asks)`,
    signOut: 'sign-out of every grant (RFC 7009 revocation)',
  };
  // Cross-app access has no sign-out of its own: the IdP session and the grant are the enterprise's.
  const logout = auth.logout ? () => auth.logout!() : undefined;
  /** The steps after the login, for listing them as not run. */
  const afterLogin: Array<[string, string]> = [
    ['tools', titles.tools],
    ['token-errors', titles.tokenErrors],
    ...(crossApp ? [['silent', titles.silent] as [string, string]] : []),
    ['refresh', titles.refresh],
    ...(options.callTool ? [['step-up', titles.stepUp] as [string, string]] : []),
  ];
  const signOutStep: Array<[string, string]> = logout ? [['revocation', titles.signOut]] : [];

  try {
    const discovery = await step('discovery', `discovery for ${serverUrl}`, async (checks) => {
      found = await checkDiscovery(checks, rec, serverUrl, options.allowInsecure);
      facts.unauthenticatedStatus = found.unauthenticatedStatus;
      facts.challengeHasResourceMetadata = found.challengeHasResourceMetadata;
      facts.legacy = found.legacy;
      facts.metadata = found.metadata;
      facts.assumedDefaults = found.assumedDefaults;
    });
    if (discovery === 'error' || !found) {
      // The login would only repeat the same failure; nothing after it can be checked.
      for (const [name, title] of [['login', titles.login], ...afterLogin, ...signOutStep])
        step.notRun(name!, title!, 'because discovery failed');
      return await finish();
    }
    const { metadata, resource } = found;

    const login = await step('login', titles.login, async (checks) => {
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
      if (crossApp) {
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
    });

    if (login === 'pass' && client) {
      const connected = client;
      await step('tools', titles.tools, async (checks) => {
        const tools = await connected.listTools();
        checks.check(
          'lists tools',
          Array.isArray(tools.tools),
          `${tools.tools.length} tools: ${tools.tools.map((t) => t.name).join(', ')}`,
        );
      });

      await step('token-errors', titles.tokenErrors, async (checks) => {
        if (!metadata.token_endpoint) return checks.skip('the metadata names no token endpoint');
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
          `HTTP ${probe.status} ${probe.error ?? ''}`.trimEnd(),
          ['N3'],
        );
      });

      if (crossApp) {
        await step('silent', titles.silent, async (checks) => {
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
        });
      }

      await step('refresh', titles.refresh, async (checks) => {
        const before = await session.record();
        if (!before?.refreshToken) return checks.skip('no refresh token was issued at login');
        const mark = rec.mark();
        const tokens = await session.nearExpiry(() => auth.tokens());
        const after = await session.record();
        // The token endpoint's answer as sent, before normalize-errors rewrote it (SPEC N3).
        const sent = rec.since(mark).findLast((r) => r.endpoint === 'token');
        const answered = sent ? `the token endpoint sent ${answerOf(sent)}` : 'no refresh request';
        const refreshed = !!tokens && tokens.access_token !== before.accessToken;
        checks.check(
          'refreshes to a new access token',
          refreshed,
          refreshed ? undefined : answered,
          ['T3'],
        );
        const event = session.events.filter((e) => e.type === 'refresh').at(-1);
        const normalised = event
          ? `event ${event.reason}${event.status ? ` (HTTP ${event.status}${event.oauthError ? ` ${event.oauthError}` : ''} after normalisation)` : ''}`
          : 'no refresh event';
        checks.check(
          'refresh event: success',
          event?.reason === 'success',
          event?.reason === 'success' ? undefined : `${normalised}; ${answered}`,
          ['R6'],
        );
        if (!refreshed) return;
        checks.check('a refresh token is still stored', !!after?.refreshToken, undefined, ['R8']);
        facts.rotated = !!after?.refreshToken && after.refreshToken !== before.refreshToken;
        const tools = await connected.listTools();
        checks.check('lists tools with the refreshed token', Array.isArray(tools.tools));
      });

      if (options.callTool) {
        const tool = options.callTool;
        await step('step-up', titles.stepUp, async (checks) => {
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
            result instanceof Error ? explainError(result, rec.seen) : undefined,
            ['S3'],
          );
        });
      }
    } else {
      for (const [name, title] of afterLogin) step.notRun(name, title, 'because the login failed');
    }

    if (logout) {
      const record = await session.record();
      // Sign out of whatever was obtained, even after a failed step: no grant may be left behind.
      if (login === 'pass' || rec.refreshTokens().length || record?.accessToken) {
        await step('revocation', titles.signOut, async (checks) => {
          await client?.close().catch(() => {});
          client = undefined;
          const signedOut = await checkSignOut(checks, {
            session,
            recorder: rec,
            serverUrl,
            metadata,
            allowInsecure: options.allowInsecure,
          });
          facts.revocation = signedOut.revocation;
          facts.grants = signedOut.grants;
          if (signedOut.acceptedAfterRevocation !== undefined)
            facts.acceptedAfterRevocation = signedOut.acceptedAfterRevocation;
        });
      } else {
        step.notRun('revocation', titles.signOut, 'no grant was obtained (the login failed)');
      }
    }
    return await finish();
  } finally {
    await client?.close().catch(() => {});
    typing?.close();
  }

  async function finish(): Promise<number> {
    const observations = observe({ ...facts, crossAppAccess: crossApp, seen: rec.seen });
    const suggestions = suggest(observations, rec.seen, {
      refusals: results.flatMap((r) => (r.refusal ? [r.refusal] : [])),
      failed: results.some((r) => r.outcome === 'fail'),
    });
    const report: LiveReport = {
      ...buildReport('live', startedAt, results, { observations, suggestions }),
      provider: summarizeProvider(new URL(serverUrl).host, results, observations),
    };
    console.log(renderLive(report, palette));
    const written = await writeReport(report, options.out);
    console.log(palette.dim(`reports: ${written.json}, ${written.junit}, ${written.html}`));
    return reportFailed(report) ? 1 : 0;
  }
}
