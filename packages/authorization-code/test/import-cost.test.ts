import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('..', import.meta.url));
const run = (script: string) =>
  JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      encoding: 'utf8',
    }),
  );

// Module hooks that report every URL the process resolves; a last import of
// a data: URL marks the end, so every report before it has arrived. A
// package is named by its folder: packages/<name> here, @mcp-oauth/<name>
// once installed.
const HOOKS = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}`;
const tracing = `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const loaded = [];
let ended;
const end = new Promise((resolve) => { ended = resolve; });
port1.on('message', (url) => (url.startsWith('data:text/javascript,//end') ? ended() : loaded.push(url)));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), {
  data: { port: port2 },
  transferList: [port2],
});
const loadedPackages = async () => {
  await import('data:text/javascript,//end');
  await end;
  port1.close();
  return [...new Set(loaded.map((url) => /(?:@mcp-oauth|packages)\\/([^/]+)\\/dist\\//.exec(url)?.[1]).filter(Boolean))].sort();
};`;

// The cold-import budget (bench/import.mjs) is measured by the benchmark;
// these tests keep what made it cheap.
describe('cold import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-cost-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads no crypto and no streams until the strategy is used', () => {
    const loaded: string[] = run(
      `const before = new Set(process.moduleLoadList);
       await import('./dist/index.js');
       await import('@mcp-oauth/store-file');
       console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))));`,
    );
    const builtins = loaded.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    expect(builtins).not.toContain('crypto');
    expect(builtins).not.toContain('stream');
    expect(builtins).not.toContain('http');
  });

  it('tokens() with a valid stored token loads no discovery, error normalisation, login or sign-out code', () => {
    const result = run(
      `${tracing}
       const { authorizationCode } = await import('./dist/index.js');
       const { fileStore } = await import('@mcp-oauth/store-file');
       const { StoreKeys, serverKey } = await import('@mcp-oauth/core');
       const server = { name: 'import-cost', type: 'streamable-http', url: 'https://mcp.example.com/mcp' };
       const store = fileStore({ dir: ${JSON.stringify(dir)} });
       await store.set(StoreKeys.server(await serverKey(server)), {
         client: { client_id: 'client' },
         accessToken: 'stored-token',
         refreshToken: 'refresh-token',
         expiresAt: Date.now() + 3600_000,
         issuer: 'https://auth.example.com',
         tokenEndpoint: 'https://auth.example.com/token',
       });
       const tokens = await authorizationCode({ server, store }).tokens();
       console.log(JSON.stringify({ token: tokens?.access_token, packages: await loadedPackages() }));`,
    );
    expect(result.token).toBe('stored-token');
    expect(result.packages).toEqual([
      'authorization-code',
      'core',
      'oauth',
      'store-file',
      'store-primitives',
    ]);
  });
});
