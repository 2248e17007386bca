import { createMockEnvironment, type RecordedRequest } from '@mcp-oauth/mock-servers';
import { http } from 'msw';
import type { setupServer } from 'msw/node';
import { scenarioBrowser } from './browser.js';
import type { Scenario } from './catalogue.js';
import { CheckList } from './checks.js';
import { virtualClock } from './clock.js';
import { applyKnownFailures } from './known-failures.js';
import { CLIENT_METADATA_URL } from './profiles.js';
import type { RoundTrip, ScenarioResult } from './types.js';

/** Receives each result as it lands (progress output). */
export type ProgressListener = (result: ScenarioResult, index: number, total: number) => void;

/** Options of {@link runCatalogue}. */
export interface RunOptions {
  /** The MSW server the scenarios' handlers go into. */
  readonly msw: ReturnType<typeof setupServer>;
  readonly onResult?: ProgressListener;
  /** A scenario taking longer fails (a hung flow must not hang CI). Default 20 s. */
  readonly scenarioTimeoutMs?: number;
}

function roundTrip(r: RecordedRequest): RoundTrip {
  const url = new URL(r.url);
  return {
    server: r.server,
    endpoint: r.endpoint,
    method: r.method,
    url: `${url.origin}${url.pathname}`,
    status: r.status,
  };
}

/** Runs one scenario on fresh mocks, a fresh store and its own clock. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions,
): Promise<ScenarioResult> {
  const base = {
    id: scenario.id,
    strategy: scenario.strategy.id,
    profile: scenario.profile.id,
    group: scenario.profile.group,
    store: scenario.store.kind,
    title: scenario.title,
  };
  if (scenario.store.unavailable) {
    return {
      ...base,
      outcome: 'skip',
      checks: [],
      roundTrips: [],
      durationMs: 0,
      skipReason: scenario.store.unavailable,
    };
  }
  const started = performance.now();
  const clock = virtualClock();
  const checks = new CheckList();
  const browser = scenarioBrowser(scenario.profile.tamperRedirect, scenario.profile.strayCallbacks);
  const intercepted: RoundTrip[] = [];
  const env = createMockEnvironment({
    profile: scenario.profile.mock,
    now: () => clock.now(),
    clientMetadataDocuments: {
      [CLIENT_METADATA_URL]: {
        client_id: CLIENT_METADATA_URL,
        client_name: 'mcp-oauth conformance',
        redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    },
    ...scenario.strategy.env?.(scenario.profile),
    ...scenario.profile.env,
  });
  options.msw.resetHandlers(...env.handlers);
  const store = await scenario.store.create();
  let error: string | undefined;
  const limit = options.scenarioTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      scenario.strategy.run({
        profile: scenario.profile,
        env,
        store: store.store,
        storeKind: store.kind,
        clock,
        checks,
        browser,
        intercept: (method, url, respond) =>
          options.msw.use(
            (method === 'GET' ? http.get : http.post)(url, () => {
              const response = respond();
              const target = new URL(url);
              intercepted.push({
                server: 'intercepted',
                endpoint: target.pathname,
                method,
                url: `${target.origin}${target.pathname}`,
                status: response.status,
              });
              return response;
            }),
          ),
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`scenario timed out after ${limit} ms`)), limit);
      }),
    ]);
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
  } finally {
    clearTimeout(timer);
    await browser.settled();
    await store.dispose().catch(() => {});
  }
  const roundTrips = [...env.requests.all().map(roundTrip), ...intercepted, ...browser.callbacks];
  const ok = error === undefined && checks.checks.length > 0 && checks.ok;
  return applyKnownFailures({
    ...base,
    outcome: ok ? 'pass' : 'fail',
    checks: checks.checks,
    roundTrips,
    durationMs: Math.round(performance.now() - started),
    ...(error ? { error } : {}),
  });
}

/** Runs scenarios one after another (one MSW server, shared origins), reporting each. */
export async function runCatalogue(
  scenarios: readonly Scenario[],
  options: RunOptions,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const result = await runScenario(scenario, options);
    results.push(result);
    options.onResult?.(result, index, scenarios.length);
  }
  return results;
}
