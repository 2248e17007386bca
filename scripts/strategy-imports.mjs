// Cold import of each strategy with the file store, in this workspace:
// medians of RUNS new processes each, interleaved, above a bare `node -e 0`.
// authorization-code's bench/import.mjs breaks its figure down further.
// Run after `pnpm build`: node scripts/strategy-imports.mjs
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.IMPORT_RUNS ?? 21);
const STRATEGIES = ['authorization-code', 'client-credentials', 'cross-app-access', 'device-code'];
const dist = (name) => fileURLToPath(new URL(`../packages/${name}/dist/index.js`, import.meta.url));
const cases = {
  'node -e 0': ['-e', '0'],
  ...Object.fromEntries(
    STRATEGIES.map((name) => [
      name,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(dist(name))}); await import(${JSON.stringify(dist('store-file'))});`,
      ],
    ]),
  ),
};
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
console.log(`Cold import with the file store, medians of ${RUNS}: node -e 0 ${base.toFixed(1)} ms`);
for (const name of STRATEGIES) {
  console.log(`  ${name}: ${(median(times[name]) - base).toFixed(1)} ms above it (budget 25 ms)`);
}
