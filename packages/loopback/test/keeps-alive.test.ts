import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** A plain script that awaits a login at top level, as a README quick start does. */
const script = `
import { startCallbackServer, waitForCode } from ${JSON.stringify(dist)};
import { systemClock } from '@mcp-oauth/core';
const server = await startCallbackServer({ state: 's' });
process.stdout.write(server.redirectUri + '\\n');
const receipt = await waitForCode(server, {
  clock: systemClock,
  logger: { debug() {}, warn() {} },
  timeoutMs: 60_000,
});
receipt.finish(true);
await server.close();
process.stdout.write('code=' + receipt.code + '\\n');
`;

function run(): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const uri = /^(http:\/\/\S+)$/m.exec(out)?.[1];
      // The browser arrives a little later, after the script has nothing else to do.
      if (uri && !out.includes('sent')) {
        out += 'sent\n';
        setTimeout(() => fetch(`${uri}?code=abc&state=s`).catch(reject), 300);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: Date.now() - started }));
  });
}

describe('a pending login keeps the process alive', () => {
  it('[H12] a script that awaits the login at top level gets the code and exits 0 (not 13), leaving nothing referenced', async () => {
    const { code, out } = await run();
    expect(out).toContain('code=abc');
    // 13 is Node's "unsettled top-level await": the process would have left mid-login.
    expect(code).toBe(0);
  }, 20_000);
});
