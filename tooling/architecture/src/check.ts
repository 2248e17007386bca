import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { importsOf } from './imports.js';
import {
  LAYER_MAP_FILE,
  LAYER_RULES,
  LAYER_TITLES,
  type Layer,
  PACKAGES,
  type PackageRule,
} from './layers.js';

/** The parts of a package.json the rules read. */
export interface Manifest {
  readonly name?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** A source file, its path relative to the repository root (`packages/x/src/y.ts`). */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/** One directory under `packages/`: its manifest and its `src/**` files. */
export interface WorkspacePackage {
  /** The directory name under `packages/`, the key of the layer map. */
  readonly dir: string;
  readonly manifest: Manifest;
  readonly files: readonly SourceText[];
}

/** A broken rule: where, which specifier or dependency, and what to do about it. */
export interface Violation {
  /** `packages/x/src/y.ts:12`, `packages/x/package.json` or the layer map file. */
  readonly where: string;
  /** The import specifier or dependency name at fault. */
  readonly specifier: string;
  readonly message: string;
}

/** One line per violation, for a test failure. */
export const formatViolation = (v: Violation): string =>
  `${v.where}: '${v.specifier}' — ${v.message}`;

/** `core`, `a strategy`, `a building block`, … */
const aLayer = (layer: Layer) => (layer === 'core' ? 'core' : `a ${LAYER_TITLES[layer]}`);

const SCOPE = '@mcp-oauth/';
const MCP_SDK = /^@modelcontextprotocol\//;
const BINDINGS = '@mcp-oauth/mcp-sdk or @mcp-oauth/mcp-client';
const NODE_BUILTINS = new Set(builtinModules);

/** `@a/b/c.js` → `@a/b`; `a/b` → `a`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || NODE_BUILTINS.has(packageNameOf(specifier));

type DeclaredKind = 'dependency' | 'peer' | 'optional';

/** Runtime dependencies: what a consumer installs. devDependencies are for tests and builds. */
function runtimeDependencies(manifest: Manifest): Map<string, DeclaredKind> {
  const deps = new Map<string, DeclaredKind>();
  for (const name of Object.keys(manifest.optionalDependencies ?? {})) deps.set(name, 'optional');
  for (const name of Object.keys(manifest.peerDependencies ?? {})) deps.set(name, 'peer');
  for (const name of Object.keys(manifest.dependencies ?? {})) deps.set(name, 'dependency');
  return deps;
}

/**
 * Checks every package against the layer map: its manifest's runtime
 * dependencies, every module specifier of its sources, and cycles between
 * packages. Returns every violation (empty when the workspace follows the
 * rules); reads no files, so tests can feed it fixtures.
 */
export function checkPackages(
  packages: readonly WorkspacePackage[],
  map: Readonly<Record<string, PackageRule>> = PACKAGES,
): Violation[] {
  const violations: Violation[] = [];
  const dirs = new Set(packages.map((p) => p.dir));
  for (const dir of Object.keys(map)) {
    if (!dirs.has(dir)) {
      violations.push({
        where: LAYER_MAP_FILE,
        specifier: dir,
        message: `names packages/${dir}, which does not exist: remove it from the layer map`,
      });
    }
  }
  const dirOf = new Map<string, string>();
  for (const p of packages) if (p.manifest.name) dirOf.set(p.manifest.name, p.dir);

  const graph = new Map<string, string[]>();
  for (const pkg of packages) {
    const rule = map[pkg.dir];
    const manifestPath = `packages/${pkg.dir}/package.json`;
    if (!rule) {
      violations.push({
        where: manifestPath,
        specifier: pkg.manifest.name ?? pkg.dir,
        message: `packages/${pkg.dir} has no layer: add it to the layer map (${LAYER_MAP_FILE}) and to docs/architecture.md`,
      });
      continue;
    }
    const deps = runtimeDependencies(pkg.manifest);
    const edges: string[] = [];
    graph.set(pkg.dir, edges);
    for (const [name, kind] of deps) {
      if (name === pkg.manifest.name) continue;
      const problem = dependencyProblem(pkg, rule, name, kind, dirOf, map);
      if (problem) violations.push({ where: manifestPath, specifier: name, message: problem });
      const target = dirOf.get(name);
      if (target) edges.push(target);
    }
    for (const file of pkg.files) {
      const seen = new Set<string>();
      for (const site of importsOf(file.text, file.path)) {
        if (seen.has(site.specifier)) continue;
        seen.add(site.specifier);
        const problem = importProblem(pkg, rule, file.path, site.specifier, deps, dirOf, map);
        if (problem) {
          violations.push({
            where: `${file.path}:${site.line}`,
            specifier: site.specifier,
            message: problem,
          });
        }
      }
    }
  }
  violations.push(...cycles(graph));
  return violations;
}

/** Whether the layer of `from` may use package `to` (both directories); why not, when it may not. */
function layerProblem(
  from: Layer,
  fromDir: string,
  toDir: string,
  map: Readonly<Record<string, PackageRule>>,
): string | undefined {
  if (fromDir === toDir) return undefined;
  const to = map[toDir]?.layer;
  // A target without a layer is reported once, at its own package.json.
  if (!to) return undefined;
  if (from === 'core') return 'core depends on nothing';
  if (from === 'strategy' && to === 'strategy') {
    return 'a strategy may not depend on another strategy (SPEC B1): move what they share into a building block';
  }
  if (from === 'store' && to === 'store') {
    return 'a store may not depend on another store: share code through a store block (@mcp-oauth/store-primitives)';
  }
  if (from === 'building-block' && to === 'building-block') {
    return map[fromDir]?.below?.includes(toDir)
      ? undefined
      : `a building block may use only the building blocks below it: packages/${toDir} is not in the \`below\` list of packages/${fromDir} in the layer map (${LAYER_MAP_FILE})`;
  }
  if (from === 'binding' && to === 'strategy') {
    return 'a binding may not depend on a strategy (SPEC B1): it adapts any strategy through the contracts in core';
  }
  if (!LAYER_RULES[from].uses.includes(to)) {
    return `${aLayer(from)} may not depend on ${aLayer(to)} (packages/${toDir})`;
  }
  return undefined;
}

function mcpSdkProblem(layer: Layer): string | undefined {
  if (LAYER_RULES[layer].mcpSdk) return undefined;
  return layer === 'strategy'
    ? `a strategy may not depend on an MCP SDK (SPEC B1): its binding does (${BINDINGS})`
    : `only a binding may depend on an MCP SDK (SPEC B1): ${BINDINGS}`;
}

function dependencyProblem(
  pkg: WorkspacePackage,
  rule: PackageRule,
  name: string,
  kind: DeclaredKind,
  dirOf: ReadonlyMap<string, string>,
  map: Readonly<Record<string, PackageRule>>,
): string | undefined {
  if (name.startsWith(SCOPE)) {
    const target = dirOf.get(name);
    if (!target) {
      return 'is not a package under packages/: tooling and apps are private, make it a devDependency';
    }
    return layerProblem(rule.layer, pkg.dir, target, map);
  }
  if (rule.layer === 'core') return 'core depends on nothing';
  if (MCP_SDK.test(name)) {
    const problem = mcpSdkProblem(rule.layer);
    if (problem) return problem;
  }
  const allowed = rule.thirdParty?.[name];
  if (!allowed) {
    return `is not an allowed runtime dependency of packages/${pkg.dir}: if it must be, add it to the layer map (${LAYER_MAP_FILE}) and to docs/architecture.md`;
  }
  if (allowed === 'peer' && kind !== 'peer') {
    return 'must be a peerDependency: the application brings its own copy';
  }
  return undefined;
}

function importProblem(
  pkg: WorkspacePackage,
  rule: PackageRule,
  file: string,
  specifier: string,
  deps: ReadonlyMap<string, DeclaredKind>,
  dirOf: ReadonlyMap<string, string>,
  map: Readonly<Record<string, PackageRule>>,
): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const resolved = posix.normalize(posix.join(posix.dirname(file), specifier));
    return resolved.startsWith(`packages/${pkg.dir}/`)
      ? undefined
      : "reaches into another package's files: import it by its package name";
  }
  if (isBuiltin(specifier)) {
    return LAYER_RULES[rule.layer].node
      ? undefined
      : 'core runs anywhere: no Node built-ins (put Node-only code in the package that needs it)';
  }
  const name = packageNameOf(specifier);
  if (name === pkg.manifest.name) return undefined;
  if (rule.layer === 'core') return 'core depends on nothing';
  if (name.startsWith(SCOPE)) {
    const target = dirOf.get(name);
    if (!target) return 'is not a package under packages/';
    const problem = layerProblem(rule.layer, pkg.dir, target, map);
    if (problem) return problem;
  } else if (MCP_SDK.test(name)) {
    const problem = mcpSdkProblem(rule.layer);
    if (problem) return problem;
  }
  if (deps.has(name)) return undefined;
  const dev = pkg.manifest.devDependencies?.[name] !== undefined;
  return `is not in the dependencies or peerDependencies of packages/${pkg.dir}/package.json${dev ? ' (a devDependency does not count for src)' : ''}`;
}

/** Every dependency cycle between packages, reported once each. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): Violation[] {
  const found: Violation[] = [];
  const reported = new Set<string>();
  const done = new Set<string>();
  const walk = (dir: string, path: string[]) => {
    const at = path.indexOf(dir);
    if (at >= 0) {
      const loop = path.slice(at);
      const key = [...loop].sort().join(' ');
      if (!reported.has(key)) {
        reported.add(key);
        found.push({
          where: `packages/${loop[0]}/package.json`,
          specifier: [...loop, dir].map((d) => `packages/${d}`).join(' → '),
          message: 'dependency cycle: a lower package may not depend on a higher one',
        });
      }
      return;
    }
    if (done.has(dir)) return;
    for (const next of graph.get(dir) ?? []) walk(next, [...path, dir]);
    done.add(dir);
  };
  for (const dir of graph.keys()) walk(dir, []);
  return found;
}
