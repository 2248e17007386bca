import { describe, expect, it } from 'vitest';
import { OTHER_ISSUER } from '../src/index.js';
import { mock, useMsw } from './support.js';

useMsw();

const AS_METADATA = 'https://auth.example.com/.well-known/oauth-authorization-server';

describe('protected-resource metadata', () => {
  it('serves RFC 9728 metadata at the path-aware well-known URL', async () => {
    const env = mock({ scopesSupported: ['a', 'b'] });
    const response = await fetch(env.urls.resourceMetadata);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: ['https://auth.example.com'],
      scopes_supported: ['a', 'b'],
      bearer_methods_supported: ['header'],
      resource_name: 'Mock MCP server',
    });
  });

  it('prm-at-root serves it at the origin root only', async () => {
    const env = mock({ profile: 'prm-at-root' });
    expect(env.urls.resourceMetadata).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    );
    expect((await fetch(env.urls.resourceMetadata)).status).toBe(200);
    const pathAware = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
    expect((await fetch(pathAware)).status).toBe(404);
  });

  it('resource-mismatch names another resource', async () => {
    const env = mock({ profile: 'resource-mismatch' });
    const body = await (await fetch(env.urls.resourceMetadata)).json();
    expect(body.resource).toBe('https://mcp.example.com/other-resource');
    expect(body.resource).not.toBe(env.urls.mcp);
  });

  it('legacy-2025-03-26 has none (404)', async () => {
    const env = mock({ profile: 'legacy-2025-03-26' });
    expect((await fetch(env.urls.resourceMetadata)).status).toBe(404);
  });
});

describe('authorization server metadata', () => {
  it('serves RFC 8414 metadata for a compliant server', async () => {
    const env = mock();
    const body = await (await fetch(AS_METADATA)).json();
    expect(body).toEqual({
      issuer: 'https://auth.example.com',
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: 'https://auth.example.com/token',
      registration_endpoint: 'https://auth.example.com/register',
      revocation_endpoint: 'https://auth.example.com/revoke',
      revocation_endpoint_auth_methods_supported: [
        'none',
        'client_secret_basic',
        'client_secret_post',
      ],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
        'client_credentials',
      ],
      token_endpoint_auth_methods_supported: [
        'none',
        'client_secret_basic',
        'client_secret_post',
        'private_key_jwt',
      ],
      token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256', 'EdDSA'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['mcp:read', 'mcp:write'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(env.authorizationServer.metadata()).toEqual(body);
  });

  it('path-aware: issuer with a path, metadata at the path-inserted URL only', async () => {
    const env = mock({ profile: 'path-aware' });
    expect(env.urls.authorizationServerMetadata).toBe(
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant-1',
    );
    const body = await (await fetch(env.urls.authorizationServerMetadata)).json();
    expect(body.issuer).toBe('https://auth.example.com/tenant-1');
    expect(body.token_endpoint).toBe('https://auth.example.com/tenant-1/token');
    expect((await fetch(AS_METADATA)).status).toBe(404);
    const prm = await (await fetch(env.urls.resourceMetadata)).json();
    expect(prm.authorization_servers).toEqual(['https://auth.example.com/tenant-1']);
  });

  it('openid-configuration: metadata only as OIDC discovery', async () => {
    const env = mock({ profile: ['path-aware', 'openid-configuration'] });
    const appended = 'https://auth.example.com/tenant-1/.well-known/openid-configuration';
    const inserted = 'https://auth.example.com/.well-known/openid-configuration/tenant-1';
    expect((await fetch(appended)).status).toBe(200);
    expect((await fetch(inserted)).status).toBe(200);
    expect((await fetch(wellKnown(env.urls.issuer))).status).toBe(404);
  });

  it('legacy-2025-03-26: the MCP origin is the AS and serves the metadata', async () => {
    const env = mock({ profile: 'legacy-2025-03-26' });
    const body = await (
      await fetch('https://mcp.example.com/.well-known/oauth-authorization-server')
    ).json();
    expect(body.issuer).toBe('https://mcp.example.com');
    expect(body.authorization_endpoint).toBe('https://mcp.example.com/authorize');
    expect(env.authorizationServer.issuer).toBe('https://mcp.example.com');
  });

  it('legacy-2025-03-26-default-endpoints: no metadata, endpoints at /authorize /token /register', async () => {
    const env = mock({ profile: 'legacy-2025-03-26-default-endpoints' });
    expect(
      (await fetch('https://mcp.example.com/.well-known/oauth-authorization-server')).status,
    ).toBe(404);
    expect(env.urls.registration).toBe('https://mcp.example.com/register');
    const registered = await fetch('https://mcp.example.com/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['http://127.0.0.1:1/cb'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
  });

  it('legacy-2025-03-26-path-aware: metadata at the path-aware URL of the MCP server', async () => {
    const env = mock({ profile: 'legacy-2025-03-26-path-aware' });
    const url = 'https://mcp.example.com/.well-known/oauth-authorization-server/mcp';
    expect(env.urls.authorizationServerMetadata).toBe(url);
    const body = await (await fetch(url)).json();
    expect(body.issuer).toBe('https://mcp.example.com/mcp');
    expect(body.token_endpoint).toBe('https://mcp.example.com/mcp/token');
    expect(
      (await fetch('https://mcp.example.com/.well-known/oauth-authorization-server')).status,
    ).toBe(404);
  });

  it('legacy PRM answers flaky steps first, then 404 (5xx-then-fallback paths)', async () => {
    const env = mock({
      profile: 'legacy-2025-03-26',
      quirks: { flaky: { 'protected-resource-metadata': [503] } },
    });
    expect((await fetch(env.urls.resourceMetadata)).status).toBe(503);
    expect((await fetch(env.urls.resourceMetadata)).status).toBe(404);
    expect(env.requests.filter('protected-resource-metadata').map((r) => r.status)).toEqual([
      503, 404,
    ]);
  });

  it('issuer-mismatch advertises another issuer', async () => {
    mock({ profile: 'issuer-mismatch' });
    expect((await (await fetch(AS_METADATA)).json()).issuer).toBe(OTHER_ISSUER);
  });

  it('no-iss leaves authorization_response_iss_parameter_supported out', async () => {
    mock({ profile: 'no-iss' });
    expect(await (await fetch(AS_METADATA)).json()).not.toHaveProperty(
      'authorization_response_iss_parameter_supported',
    );
  });

  it('no-s256 lists plain only; no-pkce-metadata leaves the field out', async () => {
    mock({ profile: 'no-s256' });
    expect((await (await fetch(AS_METADATA)).json()).code_challenge_methods_supported).toEqual([
      'plain',
    ]);
    const env = mock({
      profile: 'no-pkce-metadata',
      authorizationServerUrl: 'https://b.example.com',
    });
    expect(await (await fetch(env.urls.authorizationServerMetadata)).json()).not.toHaveProperty(
      'code_challenge_methods_supported',
    );
  });

  it('javascript-authorize advertises a javascript: authorization endpoint', async () => {
    mock({ profile: 'javascript-authorize' });
    expect((await (await fetch(AS_METADATA)).json()).authorization_endpoint).toMatch(
      /^javascript:/,
    );
  });

  it('oversized-metadata sends more than 1 MiB; non-json-metadata sends HTML with 200', async () => {
    mock({ profile: 'oversized-metadata' });
    expect((await (await fetch(AS_METADATA)).arrayBuffer()).byteLength).toBeGreaterThan(
      1024 * 1024,
    );
    const env = mock({
      profile: 'non-json-metadata',
      authorizationServerUrl: 'https://b.example.com',
    });
    const response = await fetch(env.urls.authorizationServerMetadata);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    await expect(response.json()).rejects.toThrow();
  });

  it('quirks.resourceMetadataBody breaks the PRM body the same way', async () => {
    const env = mock({ quirks: { resourceMetadataBody: 'non-json' } });
    expect(await (await fetch(env.urls.resourceMetadata)).text()).toContain('<html>');
  });

  it('cimd advertises client_id_metadata_document_supported; pre-registered drops registration', async () => {
    mock({ profile: ['cimd', 'pre-registered'] });
    const body = await (await fetch(AS_METADATA)).json();
    expect(body.client_id_metadata_document_supported).toBe(true);
    expect(body).not.toHaveProperty('registration_endpoint');
  });

  it('authorizationServerMetadata overrides add, replace and remove fields', async () => {
    const env = mock({
      authorizationServerMetadata: {
        scope: 'mcp:read offline_access',
        revocation_endpoint_auth_methods_supported: ['client_secret_post'],
        scopes_supported: undefined,
      },
      protectedResourceMetadata: {
        authorization_servers: ['https://a.example.com', 'https://b.example.com'],
      },
    });
    const body = await (await fetch(AS_METADATA)).json();
    expect(body.scope).toBe('mcp:read offline_access');
    expect(body.revocation_endpoint_auth_methods_supported).toEqual(['client_secret_post']);
    expect(body).not.toHaveProperty('scopes_supported');
    expect(body.issuer).toBe('https://auth.example.com');
    const prm = await (await fetch(env.urls.resourceMetadata)).json();
    expect(prm.authorization_servers).toHaveLength(2);
  });

  it('no-revocation-endpoint drops revocation_endpoint and the endpoint (404)', async () => {
    const env = mock({ profile: 'no-revocation-endpoint' });
    expect(await (await fetch(AS_METADATA)).json()).not.toHaveProperty('revocation_endpoint');
    expect((await fetch(env.urls.revocation, { method: 'POST' })).status).toBe(404);
  });
});

function wellKnown(issuer: string) {
  const url = new URL(issuer);
  return `${url.origin}/.well-known/oauth-authorization-server${url.pathname}`;
}
