#!/usr/bin/env node
// Runs the pinned official MCP conformance runner against our
// client-under-test, one non-extension auth scenario at a time, with the
// expected-failures baseline. The runner needs Node 22: it runs on the
// `node` binary this package installs from the npm registry; the client
// runs on the Node that runs this script.
//
// Usage: node official/run.mjs [--out DIR] [--baseline FILE] [--scenario auth/NAME ...]
// Prints one line per scenario and a summary; writes summary.json to DIR.
import { spawnSync } from 'node:child_process';
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
const baselineIndex = args.indexOf('--baseline');
const baseline =
  baselineIndex >= 0 ? resolve(args[baselineIndex + 1]) : join(here, 'expected-failures.yaml');
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(app, 'reports', 'official'));
const only = args.flatMap((arg, i) => (args[i - 1] === '--scenario' ? [arg] : []));

function run(argv) {
  return spawnSync(node22, [runner, ...argv], { cwd: app, encoding: 'utf8', timeout: 180_000 });
}

const listed = run(['list']);
if (listed.status !== 0) {
  console.error(listed.stderr || listed.stdout);
  process.exit(2);
}
const scenarios = listed.stdout
  .split('\n')
  .map((line) => /^\s+- (auth\/\S+) \[(.+)\]/.exec(line))
  .filter((m) => m && !m[2].split(',').includes('extension'))
  .map((m) => m[1])
  .filter((name) => only.length === 0 || only.includes(name));

mkdirSync(out, { recursive: true });
const results = [];
for (const scenario of scenarios) {
  const started = Date.now();
  const result = run([
    'client',
    '--command',
    `"${process.execPath}" "${client}"`,
    '--scenario',
    scenario,
    '--expected-failures',
    baseline,
    '-o',
    out,
  ]);
  const output = `${result.stdout}\n${result.stderr}`;
  const counts = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
  const entry = {
    scenario,
    ok: result.status === 0,
    checksPassed: counts ? Number(counts[1]) : 0,
    checks: counts ? Number(counts[2]) : 0,
    warnings: counts ? Number(counts[4]) : 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  results.push(entry);
  console.log(
    `${entry.ok ? 'PASS' : 'FAIL'}  ${scenario.padEnd(48)} ${entry.checksPassed}/${entry.checks} checks  ${entry.seconds}s`,
  );
  if (!entry.ok)
    console.log(
      output
        .split('\n')
        .filter((l) => /FAILURE|WARNING|✗|stale|Stale|failed \[/.test(l))
        .join('\n'),
    );
}
const failed = results.filter((r) => !r.ok).length;
writeFileSync(join(out, 'summary.json'), `${JSON.stringify({ scenarios: results }, null, 2)}\n`);
console.log(`official auth scenarios: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
