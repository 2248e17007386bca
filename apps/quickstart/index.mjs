#!/usr/bin/env node
// pnpm example [MCP server URL] [tool]
//
// With a URL: logs in to that server in your browser and calls a tool.
// Without one: starts a local MCP server (the MCP SDK's) behind a local
// authorization server (oidc-provider) and does the same against them. With
// no browser to open (CI, SSH), it prints the URL and logs in as a test user
// by itself, so the whole flow still runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser } from '@mcp-oauth/loopback';
import { fileStore } from '@mcp-oauth/store-file';
import { listAndCall } from './connect.mjs';

const [url, tool] = process.argv.slice(2);

if (url) {
  const outcome = await listAndCall(url, tool);
  console.log(`tools: ${outcome.tools.join(', ')}`);
  console.log('result:', JSON.stringify(outcome.result));
} else {
  const { startAuthorizationServer } = await import('@mcp-oauth/oidc-server');
  const { startMcpTestServer } = await import('@mcp-oauth/mcp-test-server');
  const as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
  const mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info ? { scopes: info.scope.split(' ') } : undefined;
    },
    requiredScope: 'mcp:tools',
    scopesSupported: ['mcp:tools'],
  });
  // A throwaway credential folder, so the example always shows a first login.
  const folder = mkdtempSync(join(tmpdir(), 'mcp-oauth-quickstart-'));
  console.log(`MCP server:           ${mcp.url}`);
  console.log(`authorization server: ${as.issuer}`);
  try {
    const outcome = await listAndCall(mcp.url, 'test-tool', {
      store: fileStore({ dir: folder }),
      onAuthorizationUrl: (href) => console.log(`log in at:            ${href}`),
      openBrowser: async (href) => {
        if (!process.env.CI && (await openBrowser(href))) return true;
        console.log('no browser here: logging in as a test user');
        void as.completeAuthorization(href).then((callback) => fetch(callback));
        return true;
      },
    });
    console.log(`tools:                ${outcome.tools.join(', ')}`);
    console.log(`test-tool said:       ${outcome.result.map((c) => c.text).join(' ')}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await mcp.close();
    await as.close();
  }
}
