// Cold import cost: a new Node process importing the strategy and the file
// store, against a bare `node -e 0`; medians of RUNS runs each.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.IMPORT_RUNS ?? 21);
const cwd = fileURLToPath(new URL('..', import.meta.url));
const strategy = new URL('../dist/index.js', import.meta.url).href;
const time = (args) => {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bare = [];
const withStrategy = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '0']));
  withStrategy.push(
    time([
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(strategy)}); await import('@mcp-oauth/store-file');`,
    ]),
  );
}
const base = median(bare);
const cost = median(withStrategy);
console.log(
  `\nCold import, medians of ${RUNS}: node -e 0 ${base.toFixed(1)} ms; authorization-code + store-file ${cost.toFixed(1)} ms; import cost ${(cost - base).toFixed(1)} ms (budget 25 ms)\n`,
);
