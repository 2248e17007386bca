import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The cold-import budget (bench/import.mjs) is measured by the benchmark;
// this test keeps what made it cheap: importing the strategy and the file
// store loads neither Node's crypto nor its stream modules (they load at
// first use), and the file store loads one module of store-primitives.
describe('cold import', () => {
  it('loads no crypto and no streams until the strategy is used', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const loaded: string[] = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const before = new Set(process.moduleLoadList);
           await import('./dist/index.js');
           await import('@mcp-oauth/store-file');
           console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`,
        ],
        { cwd, encoding: 'utf8' },
      ),
    );
    const builtins = loaded.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    expect(builtins).not.toContain('crypto');
    expect(builtins).not.toContain('stream');
    expect(builtins).not.toContain('http');
  });
});
