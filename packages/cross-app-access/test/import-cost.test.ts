import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The cold-import budget is measured by authorization-code's bench/import.mjs;
// this keeps what makes this strategy cheap to import: openid-client, the
// loopback pieces and discovery load with the IdP's or the authorization
// server's first use, so a client whose stored tokens are valid never loads
// them.
describe('cold import', () => {
  it('imports no openid-client, loopback pieces or discovery statically', () => {
    const built = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
    const staticImports = [...built.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(staticImports).toEqual(expect.arrayContaining(['@mcp-oauth/core', '@mcp-oauth/oauth']));
    expect(staticImports).not.toContain('openid-client');
    expect(staticImports).not.toContain('@mcp-oauth/loopback');
    expect(staticImports).not.toContain('@mcp-oauth/discovery');
    expect(built).toContain("import('openid-client')");
  });
});
