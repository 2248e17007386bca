// Cold import cost: a new Node process importing the strategy and the file
// store, against a bare `node -e 0`; medians of RUNS runs each, interleaved.
// The packages are measured as `npm install` lays them out (one flat
// node_modules, no links), from their built `dist`; the same import in this
// pnpm workspace, where every package is reached through a symbolic link,
// is printed too. Also Node's own part of it: the same packages
// (package.json and `exports` as published) with the same static imports
// between them and of Node's built-in modules, and no other code, in the
// same layout. What is left above that is the cost of this project's code.
// And the least any ES module code costs: one module importing those
// built-ins. And the import as an application that is an ES module runs
// it (`node app.mjs` with the two import lines), against the same
// application importing nothing: Node starts its ES module loader for an
// application's first file whatever that file imports. And what a client
// that starts with a valid token pays before its first request: the same
// import, then the strategy's first tokens() from the file store
// (discovery, error normalisation, login and sign-out code load only when
// the process talks to an authorization server).
// Run: pnpm --filter @mcp-oauth/authorization-code bench
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileStore } from '@mcp-oauth/store-file';
import { server, validRecord } from './tokens-fixture.mjs';

const RUNS = Number(process.env.IMPORT_RUNS ?? 21);
const cwd = fileURLToPath(new URL('..', import.meta.url));
const strategyFile = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const storeFile = createRequire(strategyFile).resolve('@mcp-oauth/store-file');

// The static imports of an ES module as esbuild writes them: one per line.
const STATIC_IMPORT = /^(?:import|export)\s[^'"]*?['"]([^'"]+)['"];?$/gm;

/** The folder of the package `file` belongs to. */
function packageRoot(file) {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** Copies the package at `dir` and the @mcp-oauth packages it depends on, as npm installs them. */
function install(root, dir, done = new Set()) {
  const manifest = manifestOf(dir);
  if (done.has(manifest.name)) return;
  done.add(manifest.name);
  const target = join(root, 'node_modules', manifest.name);
  mkdirSync(target, { recursive: true });
  cpSync(join(dir, 'package.json'), join(target, 'package.json'));
  cpSync(join(dir, 'dist'), join(target, 'dist'), { recursive: true });
  const require = createRequire(join(dir, 'package.json'));
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@mcp-oauth/')) {
      install(root, dirname(require.resolve(`${name}/package.json`)), done);
    }
  }
}

const copies = new Set();
const packages = new Set();
const builtins = new Set();
/** Writes the skeleton of the import graph from `entry` under `root`. */
function skeleton(root, entry) {
  const copyOf = (file) => {
    if (copies.has(file)) return;
    const pkgDir = packageRoot(file);
    const manifest = manifestOf(pkgDir);
    const target = join(root, 'node_modules', manifest.name, relative(pkgDir, file));
    copies.add(file);
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
  };
  copyOf(entry);
}

const root = mkdtempSync(join(tmpdir(), 'bench-import-'));
const installed = join(root, 'installed');
const skeletal = join(root, 'skeleton');
for (const dir of [installed, skeletal]) {
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
}
writeFileSync(join(installed, 'empty.mjs'), 'export {};\n');
writeFileSync(
  join(installed, 'app.mjs'),
  "import { authorizationCode } from '@mcp-oauth/authorization-code';\nimport { fileStore } from '@mcp-oauth/store-file';\n",
);
install(installed, packageRoot(strategyFile));
install(installed, packageRoot(storeFile));
skeleton(skeletal, strategyFile);
skeleton(skeletal, storeFile);
// And the least any ES module code can cost: one module, no package, the same built-ins.
writeFileSync(
  join(skeletal, 'single.mjs'),
  [...builtins].map((b) => `import ${JSON.stringify(b)};`).join('\n'),
);

// A store holding a token valid for a day, for the first tokens() call.
const storeDir = join(root, 'store');
const { key, record } = await validRecord();
await fileStore({ dir: storeDir }).set(key, record);

const module = (source) => ['--input-type=module', '-e', source];
const importBoth = (strategy) =>
  module(`await import(${JSON.stringify(strategy)}); await import('@mcp-oauth/store-file');`);
const firstToken = module(
  `const { authorizationCode } = await import('@mcp-oauth/authorization-code');
   const { fileStore } = await import('@mcp-oauth/store-file');
   const store = fileStore({ dir: ${JSON.stringify(storeDir)} });
   const tokens = await authorizationCode({ server: ${JSON.stringify(server)}, store }).tokens();
   if (!tokens) process.exit(1);`,
);
const cases = {
  bare: [['-e', '0'], cwd],
  installed: [importBoth('@mcp-oauth/authorization-code'), installed],
  workspace: [importBoth('./dist/index.js'), cwd],
  skeleton: [importBoth('@mcp-oauth/authorization-code'), skeletal],
  single: [module(`await import('./single.mjs');`), skeletal],
  emptyApp: [['empty.mjs'], installed],
  app: [['app.mjs'], installed],
  firstToken: [firstToken, installed],
};
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, [args, where]] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: where, stdio: 'ignore' });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
if (!process.env.IMPORT_KEEP) rmSync(root, { recursive: true, force: true });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = median(times.bare);
const above = (name) => (median(times[name]) - base).toFixed(1);
const cost = median(times.installed) - base;
const nodeOwn = median(times.skeleton) - base;
console.log(
  `\nCold import, medians of ${RUNS}: node -e 0 ${base.toFixed(1)} ms; authorization-code + store-file ${median(times.installed).toFixed(1)} ms as npm installs them; import cost ${cost.toFixed(1)} ms (budget 25 ms)`,
);
console.log(`  the same import in this pnpm workspace (linked packages): ${above('workspace')} ms`);
console.log(
  `  Node's part, the same imports with no code: ${nodeOwn.toFixed(1)} ms for the ${packages.size} packages (${copies.size} modules), ${above('single')} ms for one module importing the same built-in modules (${[...builtins].join(', ')})`,
);
console.log(`  this project's code: ${(cost - nodeOwn).toFixed(1)} ms`);
console.log(
  `  as an application of ES modules runs it (node app.mjs, the two import lines): ${above('app')} ms; an entry file that imports nothing (node empty.mjs): ${above('emptyApp')} ms, so the import adds ${(median(times.app) - median(times.emptyApp)).toFixed(1)} ms to such an application`,
);
console.log(
  `  import, then the first tokens() with a valid token in the file store: ${above('firstToken')} ms\n`,
);
