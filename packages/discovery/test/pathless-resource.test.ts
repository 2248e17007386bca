import { describe, expect, it } from 'vitest';
import { canonicalResource } from '../src/index.js';

describe('canonicalResource', () => {
  it('[C8] keeps a pathless identifier without the trailing slash URL parsing adds', () => {
    expect(canonicalResource('https://mcp.example.com')).toBe('https://mcp.example.com');
    expect(canonicalResource('https://MCP.example.com#frag')).toBe('https://mcp.example.com');
    expect(canonicalResource('https://mcp.example.com/')).toBe('https://mcp.example.com/');
    expect(canonicalResource('https://mcp.example.com/mcp#x')).toBe('https://mcp.example.com/mcp');
    expect(canonicalResource(new URL('https://mcp.example.com/mcp'))).toBe(
      'https://mcp.example.com/mcp',
    );
  });
});

describe('discover resource', () => {
  it('[C8] a pathless MCP server URL is sent without an added slash on the legacy path too', async () => {
    const { discover } = await import('../src/index.js');
    const metadata = {
      issuer: 'https://mcp.example.com',
      authorization_endpoint: 'https://mcp.example.com/authorize',
      token_endpoint: 'https://mcp.example.com/token',
    };
    const fetch = async (input: string | URL | Request) =>
      String(input).endsWith('/.well-known/oauth-authorization-server')
        ? Response.json(metadata)
        : new Response(null, { status: 404 });
    const result = await discover({ serverUrl: 'https://mcp.example.com', fetch });
    expect(result).toMatchObject({ legacy: true, resource: 'https://mcp.example.com' });
    const configured = await discover({
      serverUrl: 'https://mcp.example.com',
      authorizationServerUrl: 'https://mcp.example.com',
      fetch,
    });
    expect(configured.resource).toBe('https://mcp.example.com');
  });
});
