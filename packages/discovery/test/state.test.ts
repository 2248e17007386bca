import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  type AuthorizationServerMetadata,
  discover,
  discoveryState,
  resolveMetadata,
} from '../src/index.js';
import { asMetadata, requests, server } from './msw.js';

const MCP = 'https://mcp.example.com/mcp';
const AS = 'https://auth.example.com';
const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

const handlers = () => [
  http.get(PRM, () =>
    HttpResponse.json({ resource: MCP, authorization_servers: [AS], scopes_supported: ['a'] }),
  ),
  http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
    HttpResponse.json(asMetadata(AS, { scopes_supported: Array(200).fill('scope') })),
  ),
];

describe('discoveryState', () => {
  it('[D4] keeps only the AS URL and the resource-metadata URL, never documents', async () => {
    server.use(...handlers());
    const state = discoveryState(await discover({ serverUrl: MCP }));
    expect(state).toEqual({ authorizationServerUrl: AS, resourceMetadataUrl: PRM });
    expect(JSON.stringify(state).length).toBeLessThan(200);
  });

  it('[D4] omits the resource-metadata URL when there was none', () => {
    expect(discoveryState({ authorizationServerUrl: AS })).toEqual({ authorizationServerUrl: AS });
  });
});

describe('resolveMetadata', () => {
  it('[D5] metadata cached in memory: no request at all', async () => {
    const cache = new Map<string, AuthorizationServerMetadata>([[AS, asMetadata(AS)]]);
    const resolved = await resolveMetadata({
      serverUrl: MCP,
      state: { authorizationServerUrl: AS },
      cache,
    });
    expect(resolved.source).toBe('cache');
    expect(requests).toEqual([]);
  });

  it('[D5] persisted AS URL: one metadata request, no PRM probe, then cached', async () => {
    server.use(...handlers());
    const cache = new Map<string, AuthorizationServerMetadata>();
    const resolved = await resolveMetadata({
      serverUrl: MCP,
      state: { authorizationServerUrl: AS },
      cache,
    });
    expect(resolved.source).toBe('state');
    expect(resolved.metadata.token_endpoint).toBe(`${AS}/token`);
    expect(requests).toEqual([`GET ${AS}/.well-known/oauth-authorization-server`]);
    expect(cache.get(AS)?.issuer).toBe(AS);
  });

  it('[D5] no state, or a persisted AS that fails: full discovery', async () => {
    server.use(...handlers());
    expect((await resolveMetadata({ serverUrl: MCP })).source).toBe('discovery');
    expect(requests[0]).toBe(`GET ${PRM}`);
    requests.length = 0;
    server.use(
      http.get('https://gone.example.com/*', () => new HttpResponse(null, { status: 404 })),
    );
    const resolved = await resolveMetadata({
      serverUrl: MCP,
      state: { authorizationServerUrl: 'https://gone.example.com' },
    });
    expect(resolved.source).toBe('discovery');
    expect(resolved.authorizationServerUrl).toBe(AS);
  });
});
