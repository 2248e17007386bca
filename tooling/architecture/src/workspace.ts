import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Manifest, SourceText, WorkspacePackage } from './check.js';

const SOURCE = /\.(?:ts|mts|cts|tsx)$/;

/** Every file under `dir` whose name is a TypeScript source, depth first, sorted. */
function sourcesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(path);
      return SOURCE.test(entry.name) ? [path] : [];
    });
}

/**
 * Reads every `packages/<dir>/package.json` of the repository at `root` and
 * the TypeScript sources under its `src/` (tests and configs may use
 * anything their devDependencies bring).
 */
export function readWorkspace(root: string): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((dir) => {
      const base = join(packagesDir, dir);
      const manifest = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')) as Manifest;
      const files: SourceText[] = sourcesUnder(join(base, 'src')).map((path) => ({
        path: relative(root, path).split(sep).join('/'),
        text: readFileSync(path, 'utf8'),
      }));
      return { dir, manifest, files };
    });
}
