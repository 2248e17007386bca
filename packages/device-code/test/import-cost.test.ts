import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The cold-import budget is measured by authorization-code's bench/import.mjs
// (and scripts/strategy-imports.mjs for every strategy); this keeps what makes
// this strategy cheap to import: discovery and the QR encoder load with the
// first login, revocation with the first logout.
describe('cold import', () => {
  it('imports only core and the oauth runtime statically', () => {
    const built = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    const staticImports = [...built.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(new Set(staticImports)).toEqual(new Set(['@mcp-oauth/core', '@mcp-oauth/oauth']));
    expect(built).toContain("import('qr')");
  });
});
