import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, type McpOAuthError } from '@mcp-oauth/core';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discover,
  discoveryState,
  fetchAuthorizationServerMetadata,
  parseWwwAuthenticate,
} from '../src/index.js';

/** A stand-in MCP server: 401 with a challenge on /mcp, PRM at the path-aware URL. */
async function startResourceServer(prm: (origin: string) => Record<string, unknown>) {
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/mcp') {
      res.writeHead(401, {
        'www-authenticate': `Bearer error="invalid_token", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
      });
      return res.end();
    }
    if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(prm(origin)));
    }
    if (req.url === '/.well-known/oauth-authorization-server/huge') {
      // 50 MB of JSON whitespace, streamed without a Content-Length.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('{}');
      };
      res.on('error', () => {});
      return pump();
    }
    if (req.url === '/.well-known/oauth-authorization-server/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>sign in</html>');
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, mcpUrl: `${origin}/mcp` };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

let as: AuthorizationServer;
let rs: Awaited<ReturnType<typeof startResourceServer>>;

beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenFormat: 'jwt' });
  rs = await startResourceServer((origin) => ({
    resource: `${origin}/mcp`,
    authorization_servers: [as.issuer],
    scopes_supported: ['mcp:tools'],
  }));
});
afterAll(async () => {
  await close(rs.server);
  await as.close();
});

describe('discovery against oidc-provider', () => {
  it('[D2] follows the 401 challenge to PRM, then finds the real AS and its endpoints', async () => {
    as.resetCounts();
    const challenge = parseWwwAuthenticate(
      (await fetch(rs.mcpUrl)).headers.get('www-authenticate'),
    );
    const result = await discover({
      serverUrl: rs.mcpUrl,
      resourceMetadataUrl: challenge.resource_metadata,
    });
    expect(result).toMatchObject({
      authorizationServerUrl: as.issuer,
      resource: rs.mcpUrl,
      legacy: false,
      resourceMetadataUrl: `${rs.origin}/.well-known/oauth-protected-resource/mcp`,
      metadata: {
        issuer: as.issuer,
        token_endpoint: as.endpoints.token,
        registration_endpoint: as.endpoints.registration,
        revocation_endpoint: as.endpoints.revocation,
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      },
    });
    // One AS metadata request: the RFC 8414 root document exists.
    expect(as.requests).toEqual([
      { method: 'GET', path: '/.well-known/oauth-authorization-server' },
    ]);
    expect(discoveryState(result)).toEqual({
      authorizationServerUrl: as.issuer,
      resourceMetadataUrl: `${rs.origin}/.well-known/oauth-protected-resource/mcp`,
    });
  });

  it('[D2] the discovered resource gets a working access token from the real AS', async () => {
    const result = await discover({ serverUrl: rs.mcpUrl });
    const { tokens } = await as.obtainTokens({ resource: result.resource, scope: 'mcp:tools' });
    const info = await as.verifyAccessToken(tokens.access_token, { resource: result.resource });
    expect(info).toMatchObject({ audience: rs.mcpUrl, scope: 'mcp:tools', format: 'jwt' });
  });

  it('[D5] a persisted AS URL costs exactly one request to the real AS', async () => {
    as.resetCounts();
    const metadata = await fetchAuthorizationServerMetadata(as.issuer, {
      expectedIssuer: as.issuer,
    });
    expect(metadata.token_endpoint).toBe(as.endpoints.token);
    expect(as.requests).toHaveLength(1);
  });

  it('[D2] an issuer with a path is found by OpenID path appending after two 404s', async () => {
    const tenant = await startAuthorizationServer({ issuerPath: '/tenant1' });
    try {
      const metadata = await fetchAuthorizationServerMetadata(tenant.issuer, {
        expectedIssuer: tenant.issuer,
      });
      expect(metadata.token_endpoint).toBe(`${tenant.issuer}/token`);
      expect(tenant.requests.map((r) => r.path)).toEqual([
        '/.well-known/oauth-authorization-server/tenant1',
        '/.well-known/openid-configuration/tenant1',
        '/tenant1/.well-known/openid-configuration',
      ]);
    } finally {
      await tenant.close();
    }
  });

  it('[D3] a server without PRM (2025-03-26) uses the metadata at its origin', async () => {
    const result = await discover({ serverUrl: `${as.url}/mcp` });
    expect(result).toMatchObject({
      legacy: true,
      authorizationServerUrl: as.url,
      metadata: { issuer: as.issuer, token_endpoint: as.endpoints.token },
    });
  });

  it('[D7] PRM naming the AS by another name than its issuer is refused', async () => {
    const alias = as.issuer.replace('127.0.0.1', 'localhost');
    const other = await startResourceServer((origin) => ({
      resource: `${origin}/mcp`,
      authorization_servers: [alias],
    }));
    try {
      const error = (await discover({ serverUrl: other.mcpUrl }).catch((e) => e)) as McpOAuthError;
      expect(error.code).toBe(ErrorCode.IssuerMismatch);
      expect(error.message).toBe(`Issuer mismatch: expected ${alias}, got ${as.issuer}`);
    } finally {
      await close(other.server);
    }
  });

  it('[D8] PRM for another resource is refused before the AS is asked', async () => {
    const other = await startResourceServer(() => ({
      resource: 'http://127.0.0.1:1/elsewhere',
      authorization_servers: [as.issuer],
    }));
    try {
      as.resetCounts();
      const error = (await discover({ serverUrl: other.mcpUrl }).catch((e) => e)) as McpOAuthError;
      expect(error.code).toBe(ErrorCode.ResourceMismatch);
      expect(as.requests).toEqual([]);
    } finally {
      await close(other.server);
    }
  });

  it('[F3] a 50 MB metadata body over a real socket stops at the cap', async () => {
    const error = (await fetchAuthorizationServerMetadata(`${rs.origin}/huge`).catch(
      (e) => e,
    )) as McpOAuthError;
    expect(error.code).toBe(ErrorCode.ResponseTooLarge);
    expect(error.message).toBe(
      `Response from ${rs.origin}/.well-known/oauth-authorization-server/huge (HTTP 200) exceeds 1048576 bytes`,
    );
  });

  it('[F3] an HTML login page instead of metadata gives INVALID_RESPONSE', async () => {
    const error = (await fetchAuthorizationServerMetadata(`${rs.origin}/html`).catch(
      (e) => e,
    )) as McpOAuthError;
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.status).toBe(200);
  });
});
