import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { connect } from '@mcp-oauth/mcp-client';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Debian's Chromium; CI installs it (`apt-get install chromium`). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The screenshot CI keeps as an artifact. */
export const SCREENSHOT = fileURLToPath(
  new URL('../test-results/callback-page.png', import.meta.url),
);

let as: AuthorizationServer;
let mcp: McpTestServer;
let profile: string;

beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info ? { scopes: info.scope.split(' ') } : undefined;
    },
    requiredScope: 'mcp:tools',
    scopesSupported: ['mcp:tools'],
  });
  profile = mkdtempSync(join(tmpdir(), 'mcp-oauth-chromium-'));
});

afterAll(async () => {
  await mcp?.close();
  await as?.close();
  rmSync(profile, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** What `$BROWSER` names: headless Chromium that the test can drive over CDP. */
function browserScript(port: number): string {
  const script = join(profile, 'browser.sh');
  writeFileSync(
    script,
    `#!/bin/sh\nexec ${CHROMIUM} --headless=new --no-sandbox --disable-gpu --no-first-run --remote-debugging-address=127.0.0.1 --remote-debugging-port=${port} --user-data-dir=${join(profile, 'data')} "$1" >/dev/null 2>&1\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

async function attach(port: number): Promise<Browser> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function pageAt(browser: Browser, origin: string): Promise<Page> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) if (page.url().startsWith(origin)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no page at ${origin}`);
}

describe('the login in a real browser', () => {
  it('[U4] the default opener starts Chromium, the person logs in and consents on the real pages, and lands on our success page', async () => {
    expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`).toBe(true);
    const port = await freePort();
    const previous = process.env.BROWSER;
    process.env.BROWSER = browserScript(port);
    const auth = authorizationCode({
      server: { name: 'real-browser', type: 'streamable-http', url: mcp.url },
      store: memoryStore(),
      timeoutMs: 60_000,
    });
    const client = new Client({ name: 'real-browser', version: '1.0.0' });
    const connected = connect(
      client,
      auth,
      (authProvider) => new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider }),
    );
    let browser: Browser | undefined;
    try {
      browser = await attach(port);
      const page = await pageAt(browser, as.issuer);
      let callback: Response | undefined;
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/callback') callback = response;
      });
      // oidc-provider's own login page, then its consent page.
      await page.locator('input[name="login"]').fill('person@example.com');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/127\.0\.0\.1:\d+\/callback/);
      await page.waitForLoadState('load');
      await connected;

      expect(await page.locator('body').innerText()).toMatch(/Login complete/);
      expect(await page.locator('script').count()).toBe(0);
      const headers = await callback!.allHeaders();
      expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(headers['referrer-policy']).toBe('no-referrer');
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(existsSync(SCREENSHOT)).toBe(true);

      const result = await client.callTool({ name: 'test-tool', arguments: { name: 'browser' } });
      expect(result.content).toEqual([{ type: 'text', text: 'hello browser' }]);
    } finally {
      process.env.BROWSER = previous;
      if (previous === undefined) delete process.env.BROWSER;
      await client.close().catch(() => {});
      if (browser) {
        const session = await browser.newBrowserCDPSession().catch(() => undefined);
        await session?.send('Browser.close').catch(() => {});
      }
    }
  }, 90_000);
});
