#!/usr/bin/env node
// Runs the pinned official MCP conformance runner against our
// client-under-test, every auth scenario through each MCP SDK binding
// (--sdk 1: @mcp-oauth/mcp-sdk on @modelcontextprotocol/sdk 1.x; --sdk 2:
// @mcp-oauth/mcp-client on @modelcontextprotocol/client 2.x) and on each
// wire the scenario allows (stateful: the newest protocol version up to
// 2025-11-25, the runner's default; stateless: --spec-version 2026-07-28),
// with the expected-failures baseline. Extension scenarios (listed as
// [extension]: not on the spec timeline, so the runner plays them on the
// stateful wire only) run when the client-under-test implements the
// extension (EXTENSIONS below), or when named with --scenario;
// --no-extensions leaves them out. The runner needs Node 22: it runs on the
// `node` binary this package installs from the npm registry; the client
// runs on the Node that runs this script.
//
// Usage: node official/run.mjs [--out DIR] [--baseline FILE] [--sdk 1|2]
//          [--wire stateful|stateless] [--scenario auth/NAME ...] [--jobs N]
//          [--no-extensions]
// Prints one line per run and a summary; writes summary.json to DIR.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
const require = createRequire(join(app, 'package.json'));
const runner = require.resolve('@modelcontextprotocol/conformance/dist/index.js');
const node22 = join(app, 'node_modules', '.bin', 'node');
const client = join(app, 'dist', 'client-under-test.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const many = (name) => args.flatMap((arg, i) => (args[i - 1] === name ? [arg] : []));
const baseline = resolve(option('--baseline', join(here, 'expected-failures.yaml')));
const out = resolve(option('--out', join(app, 'reports', 'official')));
const only = many('--scenario');
const sdks = many('--sdk').length ? many('--sdk') : ['1', '2'];
const wires = many('--wire').length ? many('--wire') : ['stateful', 'stateless'];
const jobs = Number(option('--jobs', '2'));
const extensions = !args.includes('--no-extensions');
const STATELESS = '2026-07-28';
/** Extension scenarios whose extension the client-under-test implements (SPEC M1–M4, P1–P5, X7). */
const EXTENSIONS = new Set([
  'auth/client-credentials-basic',
  'auth/client-credentials-jwt',
  'auth/wif-jwt-bearer',
  'auth/dpop',
  'auth/dpop-nonce',
  'auth/enterprise-managed-authorization',
]);

const listed = spawnSync(node22, [runner, 'list'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
if (listed.status !== 0) {
  console.error(listed.stderr || listed.stdout);
  process.exit(2);
}
const scenarios = listed.stdout
  .split('\n')
  .map((line) => /^\s+- (auth\/\S+) \[(.+)\]/.exec(line))
  .filter(Boolean)
  .map((m) => ({ name: m[1], versions: m[2].split(','), extension: m[2] === 'extension' }))
  .filter((s) => (only.length ? only.includes(s.name) : !s.extension || EXTENSIONS.has(s.name)))
  .filter((s) => extensions || !s.extension);

/** Every (scenario, sdk, wire) to run: a wire only where the scenario allows it. */
const runs = scenarios.flatMap((s) =>
  sdks.flatMap((sdk) =>
    wires
      .filter((wire) =>
        wire === 'stateless'
          ? s.versions.includes(STATELESS)
          : s.extension || s.versions.some((v) => v < STATELESS),
      )
      .map((wire) => ({ scenario: s.name, sdk: Number(sdk), wire })),
  ),
);

function runOne({ scenario, sdk, wire }) {
  const dir = join(out, `sdk${sdk}-${wire}`);
  mkdirSync(dir, { recursive: true });
  const argv = [
    runner,
    'client',
    '--command',
    `"${process.execPath}" "${client}" --sdk ${sdk}`,
    '--scenario',
    scenario,
    '--expected-failures',
    baseline,
    '-o',
    dir,
    ...(wire === 'stateless' ? ['--spec-version', STATELESS] : []),
  ];
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(node22, argv, { cwd: app });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      const counts = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
      done({
        entry: {
          scenario,
          sdk,
          wire,
          dir,
          ok: status === 0,
          checksPassed: counts ? Number(counts[1]) : 0,
          checks: counts ? Number(counts[2]) : 0,
          warnings: counts ? Number(counts[4]) : 0,
          seconds: Math.round((Date.now() - started) / 100) / 10,
        },
        output,
      });
    });
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < runs.length) {
    const { entry, output } = await runOne(runs[next++]);
    results.push(entry);
    const label = `${entry.scenario} sdk ${entry.sdk} ${entry.wire}`;
    console.log(
      `${entry.ok ? 'PASS' : 'FAIL'}  ${label.padEnd(60)} ${entry.checksPassed}/${entry.checks} checks  ${entry.seconds}s`,
    );
    if (!entry.ok)
      console.log(
        output
          .split('\n')
          .filter((l) => /FAILURE|WARNING|✗|stale|Stale|failed \[|client-under-test failed/.test(l))
          .join('\n'),
      );
  }
}
mkdirSync(out, { recursive: true });
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
results.sort((a, b) =>
  `${a.scenario} ${a.sdk} ${a.wire}`.localeCompare(`${b.scenario} ${b.sdk} ${b.wire}`),
);
const failed = results.filter((r) => !r.ok).length;
const distinct = new Set(results.map((r) => r.scenario)).size;
writeFileSync(join(out, 'summary.json'), `${JSON.stringify({ scenarios: results }, null, 2)}\n`);
console.log(
  `official auth scenarios: ${distinct} scenarios, ${results.length} runs (SDK ${sdks.join(' and ')}, ${wires.join(' and ')}): ${results.length - failed} passed, ${failed} failed`,
);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
