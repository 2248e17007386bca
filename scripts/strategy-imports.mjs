// Cold import of each strategy with the file store, in this workspace:
// medians of RUNS new processes each, interleaved, above a bare `node -e 0`.
// IMPORT_BASELINE=<another built checkout of this repository> measures it
// too, in the same runs, and prints both. authorization-code's
// bench/import.mjs breaks the figure down further.
// Run after `pnpm build`: node scripts/strategy-imports.mjs
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.IMPORT_RUNS ?? 21);
const STRATEGIES = ['authorization-code', 'client-credentials', 'cross-app-access', 'device-code'];
const roots = { this: fileURLToPath(new URL('..', import.meta.url)) };
if (process.env.IMPORT_BASELINE) roots.baseline = resolve(process.env.IMPORT_BASELINE);
const dist = (root, name) => `${root}/packages/${name}/dist/index.js`;
const cases = { 'node -e 0': ['-e', '0'] };
for (const [tree, root] of Object.entries(roots)) {
  for (const name of STRATEGIES) {
    cases[`${tree} ${name}`] = [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(dist(root, name))}); await import(${JSON.stringify(dist(root, 'store-file'))});`,
    ];
  }
}
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = median(times['node -e 0']);
const above = (name) => `${(median(times[name]) - base).toFixed(1)} ms`;
console.log(`Cold import with the file store, medians of ${RUNS}: node -e 0 ${base.toFixed(1)} ms`);
for (const name of STRATEGIES) {
  const before = roots.baseline ? `${above(`baseline ${name}`)} in the baseline → ` : '';
  console.log(`  ${name}: ${before}${above(`this ${name}`)} above it (budget 25 ms)`);
}
