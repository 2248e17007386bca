import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { startMsw } from '../src/catalogue/msw.js';
import { findProfile } from '../src/catalogue/profiles.js';
import { runScenario } from '../src/catalogue/runner.js';
import { connectWithLogin } from '../src/scenarios/connect.js';
import { firstLogin } from '../src/scenarios/login.js';
import type { CodeSession } from '../src/scenarios/strategy.js';
import { storeFactories } from '../src/stores/index.js';
import type { ScenarioContext } from '../src/strategies/types.js';

// The connection is replaced so that "connected" and "authorized" can differ.
vi.mock('../src/scenarios/connect.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/scenarios/connect.js')>()),
  connectWithLogin: vi.fn(),
}));

let msw: ReturnType<typeof startMsw>;
beforeAll(() => {
  msw = startMsw();
});
afterAll(() => msw.close());

const tools = { listTools: async () => ({ tools: [{ name: 'test-tool' }] }) } as unknown as Client;
const session = { auth: {}, events: [], warnings: [] } as unknown as CodeSession;

/** An MCP `initialize` to the mock server, with a bearer token or none. */
const initialize = (ctx: ScenarioContext, token?: string) =>
  fetch(ctx.env.mcp.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'test', version: '0' },
      },
    }),
  }).then((r) => r.status);

/** Runs firstLogin on the compliant profile with `connect` standing in for the MCP SDK connection. */
async function loginCheck(connect: (ctx: ScenarioContext) => Promise<unknown>) {
  const [scenario] = buildCatalogue(
    [
      {
        id: 'stub',
        title: 'stub',
        applies: () => true,
        describe: () => 'stub',
        async run(ctx) {
          vi.mocked(connectWithLogin).mockImplementationOnce(async () => {
            await connect(ctx);
            return tools;
          });
          await firstLogin(ctx, session);
        },
      },
    ],
    [findProfile('compliant')!],
    await storeFactories(['memory']),
  );
  const result = await runScenario(scenario!, { msw });
  return result.checks.find((c) => c.name === 'logs in and connects');
}

describe('firstLogin: "logs in and connects"', () => {
  it('[A12] fails when the client connected but the MCP server never accepted a bearer token', async () => {
    expect(await loginCheck((ctx) => initialize(ctx))).toEqual({
      name: 'logs in and connects',
      ok: false,
      detail: 'connected, but the MCP server accepted no bearer token',
      refs: ['A12'],
    });
  });

  it('[A12] fails when the MCP server refused the bearer token it was sent', async () => {
    expect(await loginCheck((ctx) => initialize(ctx, 'forged-token'))).toMatchObject({
      ok: false,
    });
  });

  it('[A12] passes when the MCP server accepted a bearer token', async () => {
    const check = await loginCheck(async (ctx) => {
      const status = await initialize(ctx, ctx.env.authorizationServer.issueTokens().access_token);
      expect(status).toBe(200);
    });
    expect(check).toEqual({ name: 'logs in and connects', ok: true, refs: ['A12'] });
  });
});
