import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('..', import.meta.url));

// The cold-import budget is measured by authorization-code's bench/import.mjs;
// this keeps what makes this strategy cheap to import: Node's crypto module
// and jose load with the first private key, so a client with a secret never
// loads them.
describe('cold import', () => {
  it('loads neither Node crypto nor jose until a private key is used', () => {
    const loaded: string[] = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const before = new Set(process.moduleLoadList);
           await import('./dist/index.js');
           console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`,
        ],
        { cwd, encoding: 'utf8' },
      ),
    );
    expect(loaded).toContain('NativeModule fs/promises');
    expect(loaded).not.toContain('NativeModule crypto');
    const built = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    const staticImports = [...built.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(staticImports).toEqual(expect.arrayContaining(['@mcp-oauth/core', '@mcp-oauth/oauth']));
    expect(staticImports).not.toContain('jose');
  });
});
