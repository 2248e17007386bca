// Cold import cost: a new Node process importing the strategy and the file
// store, against a bare `node -e 0`; medians of RUNS runs each, interleaved.
// Also Node's own part of it: the same packages (package.json and `exports`
// as published) with the same static imports between them and of Node's
// built-in modules, and no other code, laid out as an install lays them out.
// What is left above that is the cost of this project's code. And the
// least any ES module code costs: one module importing those built-ins.
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS = Number(process.env.IMPORT_RUNS ?? 21);
const cwd = fileURLToPath(new URL('..', import.meta.url));
const strategyFile = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// The static imports of an ES module as esbuild writes them: one per line.
const STATIC_IMPORT = /^(?:import|export)\s[^'"]*?['"]([^'"]+)['"];?$/gm;

const copies = new Map();
const packages = new Set();
const builtins = new Set();
/** The folder of the package `file` belongs to. */
function packageRoot(file) {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
/** Writes the skeleton of the import graph from `entry` under `root`; returns the entry's copy. */
function skeleton(root, entry) {
  const copyOf = (file) => {
    if (copies.has(file)) return copies.get(file);
    const pkgDir = packageRoot(file);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const target = join(root, 'node_modules', manifest.name, relative(pkgDir, file));
    copies.set(file, target);
    packages.add(manifest.name);
    mkdirSync(dirname(target), { recursive: true });
    const { name, type, exports, main } = manifest;
    writeFileSync(
      join(root, 'node_modules', manifest.name, 'package.json'),
      JSON.stringify({ name, type, exports, main }),
    );
    const require = createRequire(file);
    const lines = [];
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (isBuiltin(specifier)) builtins.add(specifier);
      else copyOf(require.resolve(specifier));
      lines.push(`import ${JSON.stringify(specifier)};`);
    }
    writeFileSync(target, `${lines.join('\n')}\nexport {};\n`);
    return target;
  };
  return copyOf(entry);
}

const root = mkdtempSync(join(tmpdir(), 'bench-import-'));
writeFileSync(join(root, 'package.json'), '{"type":"module"}');
const floorStrategy = skeleton(root, strategyFile);
skeleton(root, createRequire(strategyFile).resolve('@mcp-oauth/store-file'));
// And the least any ES module code can cost: one module, no package, the same built-ins.
const single = join(root, 'single.mjs');
writeFileSync(single, [...builtins].map((b) => `import ${JSON.stringify(b)};`).join('\n'));

const time = (args, where) => {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: where, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const importing = (file) => [
  '--input-type=module',
  '-e',
  `await import(${JSON.stringify(pathToFileURL(file).href)}); await import('@mcp-oauth/store-file');`,
];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bare = [];
const withStrategy = [];
const floor = [];
const one = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '0'], cwd));
  withStrategy.push(time(importing(strategyFile), cwd));
  floor.push(time(importing(floorStrategy), root));
  one.push(
    time(
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(single).href)});`],
      root,
    ),
  );
}
if (!process.env.IMPORT_KEEP) rmSync(root, { recursive: true, force: true });
const base = median(bare);
const cost = median(withStrategy) - base;
const nodeOwn = median(floor) - base;
console.log(
  `\nCold import, medians of ${RUNS}: node -e 0 ${base.toFixed(1)} ms; authorization-code + store-file ${median(withStrategy).toFixed(1)} ms; import cost ${cost.toFixed(1)} ms (budget 25 ms)`,
);
console.log(
  `  Node's part, the same imports with no code: ${nodeOwn.toFixed(1)} ms for the ${packages.size} packages (${copies.size} modules), ${(median(one) - base).toFixed(1)} ms for one module importing the same built-in modules (${[...builtins].join(', ')})`,
);
console.log(`  this project's code: ${(cost - nodeOwn).toFixed(1)} ms\n`);
