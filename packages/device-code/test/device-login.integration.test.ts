/// The device login against a real authorization server (oidc-provider's own
/// device flow) with the person's side done in real headless Chromium on its
/// real user-code, login and consent pages (SPEC G1–G3, U4).
import { existsSync } from 'node:fs';
import { type Clock, ErrorCode } from '@mcp-oauth/core';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, deviceLogin, launchChromium } from '../../../tooling/real-browser/src/driver.js';
import {
  DeviceAccessDeniedError,
  DeviceCodeExpiredError,
  type DeviceUserCode,
  deviceCode,
} from '../src/index.js';

let as: AuthorizationServer;
let mcp: McpTestServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`).toBe(true);
  as = await startAuthorizationServer({ deviceFlow: true, accessTokenFormat: 'opaque' });
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info ? { scopes: info.scope.split(' ') } : undefined;
    },
    requiredScope: 'mcp:tools',
    scopesSupported: ['mcp:tools'],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await mcp?.close();
  await as?.close();
});

/**
 * Real time, shortened: every wait the strategy asks for (5 s between
 * polls, more after slow_down) lasts 150 ms, and is recorded; `offset`
 * moves `now` forward to bring a token to its refresh window.
 */
function quickClock() {
  const waits: number[] = [];
  let offset = 0;
  const clock: Clock & { waits: number[]; advance(ms: number): void } = {
    waits,
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        waits.push(ms);
        const timer = setTimeout(resolve, 150);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
  return clock;
}

/** The strategy, with the prompt on a captured stream and the code handed to the person. */
function setup(person: (code: DeviceUserCode) => Promise<unknown>, clock = quickClock()) {
  const store = memoryStore();
  let prompt = '';
  const people: Promise<unknown>[] = [];
  const auth = deviceCode({
    server: { name: 'docs', type: 'streamable-http', url: mcp.url },
    store,
    clock,
    output: {
      isTTY: true,
      write: (text: string) => {
        prompt += text;
        // The person reads the prompt on their terminal and goes to the address.
        const uri = /open this address in a browser on any device:\n\n {2}(\S+)/.exec(text)?.[1];
        const code = /enter the code: {2}(\S+)/.exec(text)?.[1];
        if (uri && code)
          people.push(person({ userCode: code, verificationUri: uri, expiresAt: 0 }));
      },
    },
  });
  return { auth, store, clock, prompt: () => prompt, people };
}

async function personAt(code: DeviceUserCode, options: { deny?: boolean } = {}) {
  const page = await browser.newPage();
  try {
    await page.goto(code.verificationUri);
    return await deviceLogin(page, code.userCode, options);
  } finally {
    await page.close();
  }
}

describe('device login against oidc-provider in Chromium', () => {
  it('[G1] [G2] [G3] the person types the code on the real page; the client polls, gets tokens the MCP server accepts, and refreshes them', async () => {
    const headings: string[] = [];
    const f = setup(async (code) => headings.push(await personAt(code)));
    const tokens = await f.auth.authorize();
    await Promise.all(f.people);
    expect(headings).toEqual(['Sign-in Success']);
    // What the person saw: address, code, QR code (stderr is a TTY here).
    expect(f.prompt()).toMatch(
      /^To log in to docs, open this address in a browser on any device:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/device\n\nand enter the code: {2}[A-Z]{4}-[A-Z]{4}\n\nOr scan this QR code/,
    );
    expect(f.prompt()).toContain('▄');
    // oidc-provider names no interval: 5 s between polls (RFC 8628 §3.5), on the injected clock.
    expect(f.clock.waits.length).toBeGreaterThan(1);
    expect(new Set(f.clock.waits)).toEqual(new Set([5000]));
    expect(await as.verifyAccessToken(tokens.access_token, { resource: mcp.url })).toMatchObject({
      scope: 'mcp:tools',
    });
    const answer = await fetch(mcp.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'device-test', version: '0' },
        },
      }),
    });
    expect(answer.status).toBe(200);
    await answer.body?.cancel();

    // G3: near expiry, the rotating refresh token is used once, at the issuing AS.
    as.resetCounts();
    f.clock.advance((3600 - 100) * 1000);
    const [a, b] = await Promise.all([f.auth.tokens(), f.auth.tokens()]);
    expect(a?.access_token).not.toBe(tokens.access_token);
    expect(b?.access_token).toBe(a?.access_token);
    expect(a?.refresh_token).not.toBe(tokens.refresh_token);
    expect(as.count('/token', 'POST')).toBe(1);
    expect(await as.verifyAccessToken(a!.access_token, { resource: mcp.url })).toBeDefined();
  });

  it('[G2] the person aborts on the real confirmation page: DeviceAccessDeniedError, nothing stored', async () => {
    const headings: string[] = [];
    const f = setup(async (code) => headings.push(await personAt(code, { deny: true })));
    const error = await f.auth.authorize().catch((e: unknown) => e);
    await Promise.all(f.people);
    expect(error).toBeInstanceOf(DeviceAccessDeniedError);
    expect(error).toMatchObject({ code: ErrorCode.OAuth, oauthError: 'access_denied' });
    expect(await f.auth.tokens()).toBeUndefined();
  });

  it('[G2] nobody enters the code: the server answers expired_token, DeviceCodeExpiredError', async () => {
    const short = await startAuthorizationServer({ deviceFlow: true, deviceCodeTtl: 1 });
    const server = await startMcpTestServer({
      authorizationServer: short.issuer,
      verifyToken: async () => undefined,
    });
    try {
      // Time stands still for the client, so only the server can say the code expired.
      const frozen = Date.now();
      const clock: Clock = {
        now: () => frozen,
        sleep: (_ms, signal) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, 400);
            signal?.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason);
            });
          }),
      };
      const auth = deviceCode({
        server: { name: 'docs', type: 'streamable-http', url: server.url },
        store: memoryStore(),
        clock,
        output: { write: () => true },
      });
      const error = await auth.authorize().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceCodeExpiredError);
      expect(error).toMatchObject({
        code: ErrorCode.Timeout,
        oauthError: 'expired_token',
        status: 400,
      });
    } finally {
      await server.close();
      await short.close();
    }
  });
});
