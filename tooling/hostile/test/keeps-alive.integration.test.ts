import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

/** The README quick start's shape: a plain script that awaits the login at top level. */
const script = (url: string) => `
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { memoryStore } from '@mcp-oauth/store-memory';
const auth = authorizationCode({
  server: { name: 'script', type: 'streamable-http', url: ${JSON.stringify(url)} },
  store: memoryStore(),
  openBrowser: async (href) => {
    // The person takes a moment; this timer does not keep the process alive itself.
    setTimeout(async () => {
      const location = (await fetch(href, { redirect: 'manual' })).headers.get('location');
      await fetch(location);
    }, 400).unref();
    return true;
  },
});
const tokens = await auth.authorize();
console.log('logged in:', tokens.access_token.slice(0, 3));
`;

describe('a pending login keeps the process alive', () => {
  it('[H12] a script that awaits authorize() at top level completes its login and exits 0', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script(world.mcpUrl)], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toContain('logged in: at-');
    expect(code).toBe(0);
  }, 20_000);
});
