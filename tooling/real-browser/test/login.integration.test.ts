import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizationCode } from '@mcp-oauth/authorization-code';
import { connect } from '@mcp-oauth/mcp-client';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserDriver, CHROMIUM } from '../src/driver.js';

/** The screenshot CI keeps as an artifact. */
const SCREENSHOT = fileURLToPath(new URL('../test-results/callback-page.png', import.meta.url));

let as: AuthorizationServer;
let mcp: McpTestServer;

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
});

afterAll(async () => {
  await mcp?.close();
  await as?.close();
});

describe('the login in a real browser', () => {
  it('[U4] the default opener starts Chromium, the person logs in and consents on the real pages, and lands on our success page', async () => {
    expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`).toBe(true);
    const driver = await browserDriver();
    const previous = process.env.BROWSER;
    process.env.BROWSER = driver.BROWSER;
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
    try {
      const page = (await driver.pageAt(as.issuer, 30_000))!;
      expect(page, 'the default opener started no browser').toBeDefined();
      let callback: Response | undefined;
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/callback') callback = response;
      });
      await driver.logIn(page);
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
      await driver.close();
    }
  }, 90_000);
});
