import { ErrorCode, type McpOAuthError } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/index.js';
import { asMetadata, requests, server } from './msw.js';

const MCP = 'https://mcp.example.com/mcp';
const AS = 'https://auth.example.com';
const PRM_PATH = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const PRM_ROOT = 'https://mcp.example.com/.well-known/oauth-protected-resource';
const prm = (extra: Record<string, unknown> = {}) => ({
  resource: MCP,
  authorization_servers: [AS],
  scopes_supported: ['mcp:tools'],
  ...extra,
});
const notFound = () => new HttpResponse(null, { status: 404 });
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as McpOAuthError,
  );
const asOk = () =>
  http.get(`${AS}/.well-known/oauth-authorization-server`, () => HttpResponse.json(asMetadata(AS)));

describe('discover', () => {
  it('[D2] protected-resource metadata at the path-aware URL, then AS metadata of its first server', async () => {
    server.use(
      http.get(PRM_PATH, () => HttpResponse.json(prm())),
      asOk(),
    );
    const result = await discover({ serverUrl: MCP });
    expect(result).toMatchObject({
      authorizationServerUrl: AS,
      resourceMetadataUrl: PRM_PATH,
      resource: MCP,
      legacy: false,
      metadata: { issuer: AS, token_endpoint: `${AS}/token` },
      resourceMetadata: { resource: MCP },
    });
    expect(requests).toEqual([
      `GET ${PRM_PATH}`,
      `GET ${AS}/.well-known/oauth-authorization-server`,
    ]);
  });

  it('[D2] falls back from the path-aware to the root PRM URL', async () => {
    server.use(
      http.get(PRM_PATH, notFound),
      http.get(PRM_ROOT, () => HttpResponse.json(prm({ resource: 'https://mcp.example.com' }))),
      asOk(),
    );
    const result = await discover({ serverUrl: MCP });
    expect(result.resourceMetadataUrl).toBe(PRM_ROOT);
    // Sent exactly as published: exact-match servers reject an added slash.
    expect(result.resource).toBe('https://mcp.example.com');
    expect(requests.slice(0, 2)).toEqual([`GET ${PRM_PATH}`, `GET ${PRM_ROOT}`]);
  });

  it('[D2] uses the resource_metadata URL from the WWW-Authenticate challenge first, without probing', async () => {
    const hinted = 'https://mcp.example.com/meta/prm.json';
    server.use(
      http.get(hinted, () => HttpResponse.json(prm())),
      asOk(),
    );
    const result = await discover({ serverUrl: MCP, resourceMetadataUrl: hinted });
    expect(result.resourceMetadataUrl).toBe(hinted);
    expect(requests).toEqual([`GET ${hinted}`, `GET ${AS}/.well-known/oauth-authorization-server`]);
  });

  it('[D1] a configured AS URL skips PRM and must be https', async () => {
    server.use(asOk());
    const result = await discover({ serverUrl: MCP, authorizationServerUrl: AS });
    expect(result).toMatchObject({ authorizationServerUrl: AS, legacy: false, resource: MCP });
    expect(requests).toEqual([`GET ${AS}/.well-known/oauth-authorization-server`]);
    const error = await fail(
      discover({ serverUrl: MCP, authorizationServerUrl: 'http://auth.example.com' }),
    );
    expect(error.code).toBe(ErrorCode.InsecureUrl);
    expect(error.message).toContain('http://auth.example.com/');
  });

  it('[D3] a failing PRM chain (5xx) falls back to path-aware RFC 8414 at the MCP server', async () => {
    server.use(
      http.get(PRM_PATH, () => new HttpResponse('down', { status: 500 })),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server/mcp', () =>
        HttpResponse.json(asMetadata('https://legacy-issuer.example.com')),
      ),
    );
    const result = await discover({ serverUrl: MCP });
    expect(result).toMatchObject({
      legacy: true,
      authorizationServerUrl: MCP,
      resource: MCP,
      metadata: { issuer: 'https://legacy-issuer.example.com' },
    });
    expect(result.resourceMetadata).toBeUndefined();
  });

  it('[D3] an AS metadata failure after good PRM also falls back; without a path the PRM error stands', async () => {
    server.use(
      http.get(PRM_PATH, () => HttpResponse.json(prm())),
      http.get(`${AS}/.well-known/oauth-authorization-server`, () => HttpResponse.text('<html>')),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server/mcp', () =>
        HttpResponse.json(asMetadata('https://mcp.example.com')),
      ),
    );
    expect((await discover({ serverUrl: MCP })).legacy).toBe(true);

    server.use(
      http.get(PRM_ROOT, () => HttpResponse.json(prm({ resource: 'https://mcp.example.com/' }))),
    );
    const error = await fail(discover({ serverUrl: 'https://mcp.example.com/' }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toBe(
      `Expected a JSON object from ${AS}/.well-known/oauth-authorization-server (HTTP 200)`,
    );
    // Root URL: no path-aware fallback was tried.
    expect(
      requests.filter((r) => r.includes('mcp.example.com/.well-known/oauth-authorization-server')),
    ).toEqual(['GET https://mcp.example.com/.well-known/oauth-authorization-server/mcp']);
  });

  it('[D3] without PRM (2025-03-26): root metadata at the server origin, issuer not compared', async () => {
    server.use(
      http.get(PRM_PATH, notFound),
      http.get(PRM_ROOT, notFound),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server/mcp', notFound),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server', () =>
        HttpResponse.json(asMetadata('https://somewhere-else.example.com')),
      ),
    );
    const result = await discover({ serverUrl: MCP });
    expect(result).toMatchObject({
      legacy: true,
      authorizationServerUrl: 'https://mcp.example.com',
      metadata: { issuer: 'https://somewhere-else.example.com' },
    });
  });

  it('[D3] without any metadata (2025-03-26): default endpoints at the server origin', async () => {
    server.use(http.get('https://mcp.example.com/*', notFound));
    const result = await discover({ serverUrl: MCP });
    expect(result).toEqual({
      authorizationServerUrl: 'https://mcp.example.com',
      resource: MCP,
      legacy: true,
      metadata: {
        issuer: 'https://mcp.example.com',
        authorization_endpoint: 'https://mcp.example.com/authorize',
        token_endpoint: 'https://mcp.example.com/token',
        registration_endpoint: 'https://mcp.example.com/register',
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      },
    });
  });

  it('[D3] a 5xx legacy document does not become default endpoints', async () => {
    server.use(
      http.get('https://mcp.example.com/.well-known/oauth-protected-resource*', notFound),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server*', () =>
        HttpResponse.text('oops', { status: 502 }),
      ),
    );
    const error = await fail(discover({ serverUrl: MCP }));
    expect(error.code).toBe(ErrorCode.Http);
    expect(error.status).toBe(502);
  });

  it('[D7] an issuer mismatch after PRM is refused, with no legacy fallback', async () => {
    server.use(
      http.get(PRM_PATH, () => HttpResponse.json(prm())),
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(asMetadata('https://attacker.example.com')),
      ),
    );
    const error = await fail(discover({ serverUrl: MCP }));
    expect(error.code).toBe(ErrorCode.IssuerMismatch);
    expect(requests).toHaveLength(2);
  });

  it('[D8] PRM naming another resource is refused before any AS request', async () => {
    server.use(
      http.get(PRM_PATH, () =>
        HttpResponse.json(prm({ resource: 'https://other.example.com/mcp' })),
      ),
    );
    const error = await fail(discover({ serverUrl: MCP }));
    expect(error.code).toBe(ErrorCode.ResourceMismatch);
    expect(error.message).toBe(
      `Protected-resource metadata at ${PRM_PATH} is for https://other.example.com/mcp, not ${MCP} (RFC 9728 §3.3); no token will be sent`,
    );
    expect(requests).toEqual([`GET ${PRM_PATH}`]);
  });

  it('[D8] a parent path on the same origin matches; a sibling path does not', async () => {
    server.use(
      http.get(PRM_PATH, () => HttpResponse.json(prm({ resource: 'https://mcp.example.com/' }))),
      asOk(),
    );
    expect((await discover({ serverUrl: MCP })).resource).toBe('https://mcp.example.com/');
    server.use(
      http.get(PRM_PATH, () => HttpResponse.json(prm({ resource: 'https://mcp.example.com/mc' }))),
    );
    expect((await fail(discover({ serverUrl: MCP }))).code).toBe(ErrorCode.ResourceMismatch);
  });

  it('[D9] an http authorization server in PRM is refused unless allowInsecure', async () => {
    server.use(
      http.get(PRM_PATH, () =>
        HttpResponse.json(prm({ authorization_servers: ['http://auth.example.com'] })),
      ),
      http.get('http://auth.example.com/.well-known/oauth-authorization-server', () =>
        HttpResponse.json(asMetadata('http://auth.example.com')),
      ),
    );
    expect((await fail(discover({ serverUrl: MCP }))).code).toBe(ErrorCode.InsecureUrl);
    const result = await discover({ serverUrl: MCP, allowInsecure: true });
    expect(result.metadata.issuer).toBe('http://auth.example.com');
  });

  it('[D9] an http MCP server URL off loopback is refused before any request', async () => {
    const error = await fail(discover({ serverUrl: 'http://mcp.example.com/mcp' }));
    expect(error.code).toBe(ErrorCode.InsecureUrl);
    expect(requests).toEqual([]);
  });
});
