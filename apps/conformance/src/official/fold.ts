import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Check, RoundTrip, ScenarioResult } from '../catalogue/types.js';

/** One line of official/run.mjs's summary.json. */
interface OfficialEntry {
  scenario: string;
  /** The MCP SDK line the client-under-test bound to (1 or 2). */
  sdk?: number;
  /** The wire: stateful (up to 2025-11-25) or stateless (2026-07-28). */
  wire?: string;
  /** Where the runner wrote this run's checks. */
  dir?: string;
  ok: boolean;
  checks: number;
  checksPassed: number;
  warnings: number;
  seconds: number;
}

/** One entry of the runner's checks.json. */
interface OfficialCheck {
  id: string;
  name: string;
  description?: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  details?: { method?: string; path?: string; statusCode?: number };
  specReferences?: Array<{ id?: string }>;
}

/** The app folder (dist/cli.js or src/official/fold.ts live two levels or one below it). */
function appDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!dir.endsWith('conformance') && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The newest run folder of a scenario (`<out>/auth/<name>-<timestamp>`). */
async function latestRun(out: string, scenario: string): Promise<string | undefined> {
  const [group, name] = scenario.split('/') as [string, string];
  const entries = await readdir(join(out, group)).catch(() => [] as string[]);
  const runs = entries.filter(
    (e) => e.startsWith(`${name}-`) && /\d{4}-\d\d-\d\dT/.test(e.slice(name.length + 1)),
  );
  runs.sort();
  return runs.length ? join(out, group, runs.at(-1)!) : undefined;
}

/** The runner's checks and the HTTP answers its mock servers logged, in our terms. */
export async function readOfficialRun(
  dir: string | undefined,
): Promise<{ checks: Check[]; roundTrips: RoundTrip[] }> {
  if (!dir) return { checks: [], roundTrips: [] };
  const raw = JSON.parse(await readFile(join(dir, 'checks.json'), 'utf8')) as OfficialCheck[];
  const checks: Check[] = raw
    .filter((c) => c.status !== 'INFO')
    .map((c) => ({
      name: c.description ?? c.name,
      ok: c.status === 'SUCCESS',
      ...(c.status !== 'SUCCESS' ? { detail: c.status } : {}),
      refs: [c.id],
    }));
  const roundTrips: RoundTrip[] = raw
    .filter((c) => c.id === 'outgoing-response' && c.details?.path)
    .map((c) => ({
      server: 'official',
      endpoint: c.details!.path!,
      method: c.details!.method ?? 'GET',
      url: c.details!.path!,
      status: c.details!.statusCode ?? 0,
    }));
  return { checks, roundTrips };
}

/** Folds official/run.mjs's summary and per-scenario checks into scenario results. */
export async function foldOfficial(out: string): Promise<ScenarioResult[]> {
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
    scenarios: OfficialEntry[];
  };
  return Promise.all(
    summary.scenarios.map(async (entry) => {
      const { checks, roundTrips } = await readOfficialRun(
        await latestRun(entry.dir ?? out, entry.scenario),
      );
      const variant = entry.sdk ? ` (SDK ${entry.sdk}.x, ${entry.wire})` : '';
      const suffix = entry.sdk ? `/sdk${entry.sdk}-${entry.wire}` : '';
      // The runner's verdict includes its expected-failures baseline: a failure it expects is known.
      const marked = entry.ok
        ? checks.map((c) => (c.ok ? c : { ...c, known: 'official/expected-failures.yaml' }))
        : checks;
      return {
        id: `official/${entry.scenario}${suffix}/memory`,
        strategy: 'official',
        profile: `${entry.scenario}${variant}`,
        store: 'memory',
        title: `official MCP conformance runner: ${entry.scenario}${variant}`,
        outcome: entry.ok ? 'pass' : 'fail',
        checks: marked.length
          ? marked
          : [
              {
                name: `runner verdict (${entry.checksPassed}/${entry.checks} checks)`,
                ok: entry.ok,
              },
            ],
        roundTrips,
        durationMs: Math.round(entry.seconds * 1000),
      } satisfies ScenarioResult;
    }),
  );
}

/**
 * Runs the pinned official MCP conformance runner (official/run.mjs, with
 * its expected-failures baseline) against the client-under-test, showing
 * its progress, and folds the results in.
 */
export async function runOfficial(
  reportDir: string,
  args: readonly string[] = [],
): Promise<ScenarioResult[]> {
  const app = appDir();
  const out = resolve(reportDir, 'official');
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(
      process.execPath,
      [join(app, 'official', 'run.mjs'), '--out', out, ...args],
      {
        // Its progress goes to stderr, like ours, so stdout holds only the table.
        stdio: ['ignore', 2, 2],
      },
    );
    child.on('error', fail);
    child.on('close', (status) => done(status ?? 1));
  });
  try {
    return await foldOfficial(out);
  } catch (error) {
    return [
      {
        id: 'official/runner/memory',
        strategy: 'official',
        profile: 'runner',
        store: 'memory',
        title: 'official MCP conformance runner',
        outcome: 'fail',
        checks: [
          { name: 'the official runner produced a summary', ok: false, detail: `exit ${code}` },
        ],
        roundTrips: [],
        durationMs: 0,
        error: error instanceof Error ? error.message : String(error),
      },
    ];
  }
}
