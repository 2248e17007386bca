import { ErrorCode, IssuerMismatchError, McpOAuthError } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { fetchAuthorizationServerMetadata } from '../src/index.js';
import { asMetadata, requests, server } from './msw.js';

const AS = 'https://auth.example.com';
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as McpOAuthError,
  );

describe('fetchAuthorizationServerMetadata', () => {
  it('[D2] tries RFC 8414 path insertion, then OIDC path insertion, then OIDC path appending', async () => {
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server/tenant1`, () =>
        HttpResponse.json({}, { status: 404 }),
      ),
      http.get(`${AS}/.well-known/openid-configuration/tenant1`, () =>
        HttpResponse.json({}, { status: 404 }),
      ),
      http.get(`${AS}/tenant1/.well-known/openid-configuration`, () =>
        HttpResponse.json(asMetadata(`${AS}/tenant1`)),
      ),
    );
    const metadata = await fetchAuthorizationServerMetadata(`${AS}/tenant1`, {
      expectedIssuer: `${AS}/tenant1`,
    });
    expect(metadata.token_endpoint).toBe(`${AS}/tenant1/token`);
    expect(requests).toEqual([
      `GET ${AS}/.well-known/oauth-authorization-server/tenant1`,
      `GET ${AS}/.well-known/openid-configuration/tenant1`,
      `GET ${AS}/tenant1/.well-known/openid-configuration`,
    ]);
  });

  it('[D2] without a path: RFC 8414 root, then OpenID root', async () => {
    server.use(
      http.get(
        `${AS}/.well-known/oauth-authorization-server`,
        () => new HttpResponse(null, { status: 404 }),
      ),
      http.get(`${AS}/.well-known/openid-configuration`, () => HttpResponse.json(asMetadata(AS))),
    );
    await fetchAuthorizationServerMetadata(`${AS}/`, { expectedIssuer: AS });
    expect(requests).toEqual([
      `GET ${AS}/.well-known/oauth-authorization-server`,
      `GET ${AS}/.well-known/openid-configuration`,
    ]);
  });

  it('[D1] sends Accept: application/json, and a non-2xx answer names the status and URL', async () => {
    let accept: string | null = null;
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, ({ request }) => {
        accept = request.headers.get('accept');
        return new HttpResponse('boom', { status: 503 });
      }),
    );
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(accept).toBe('application/json');
    expect(error.code).toBe(ErrorCode.Http);
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `Metadata request to ${AS}/.well-known/oauth-authorization-server failed with HTTP 503`,
    );
  });

  it('[D1] a configured metadata URL is fetched alone and must be https', async () => {
    server.use(
      http.get(`${AS}/.well-known/openid-configuration`, () => HttpResponse.json(asMetadata(AS))),
    );
    const metadata = await fetchAuthorizationServerMetadata(
      `${AS}/.well-known/openid-configuration`,
    );
    expect(metadata.issuer).toBe(AS);
    expect(requests).toEqual([`GET ${AS}/.well-known/openid-configuration`]);
    const insecure = await fail(
      fetchAuthorizationServerMetadata('http://auth.example.com/.well-known/openid-configuration'),
    );
    expect(insecure.code).toBe(ErrorCode.InsecureUrl);
    expect(insecure.message).toContain('http://auth.example.com/.well-known/openid-configuration');
  });

  it('[D1] 4xx everywhere gives HTTP_ERROR listing the URLs tried', async () => {
    server.use(http.get(`${AS}/*`, () => new HttpResponse(null, { status: 404 })));
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(error.code).toBe(ErrorCode.Http);
    expect(error.status).toBe(404);
    expect(error.message).toBe(
      `No authorization server metadata for ${AS}/ (tried ${AS}/.well-known/oauth-authorization-server, ${AS}/.well-known/openid-configuration)`,
    );
  });

  it('[D7] refuses metadata whose issuer differs from the expected AS URL', async () => {
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(asMetadata('https://evil.example.com')),
      ),
    );
    const error = await fail(fetchAuthorizationServerMetadata(AS, { expectedIssuer: AS }));
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect(error.code).toBe(ErrorCode.IssuerMismatch);
    expect(error.message).toBe(
      'Issuer mismatch: expected https://auth.example.com, got https://evil.example.com',
    );
  });

  it('[D7] one trailing slash is not a mismatch, anything else is', async () => {
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(asMetadata(AS)),
      ),
    );
    await expect(
      fetchAuthorizationServerMetadata(`${AS}/`, { expectedIssuer: `${AS}/` }),
    ).resolves.toMatchObject({ issuer: AS });
    const error = await fail(
      fetchAuthorizationServerMetadata(AS, { expectedIssuer: `${AS}/other` }),
    );
    expect(error.code).toBe(ErrorCode.IssuerMismatch);
  });

  it('[D5] a persisted AS URL costs exactly one metadata request and no PRM probe', async () => {
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(asMetadata(AS)),
      ),
    );
    await fetchAuthorizationServerMetadata(AS, { expectedIssuer: AS });
    expect(requests).toEqual([`GET ${AS}/.well-known/oauth-authorization-server`]);
  });

  it('[D9] endpoints in the metadata must be https or loopback http', async () => {
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json(asMetadata(AS, { token_endpoint: 'http://auth.example.com/token' })),
      ),
    );
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(error.code).toBe(ErrorCode.InsecureUrl);
    expect(error.message).toContain('token endpoint');
    expect(error).toBeInstanceOf(McpOAuthError);
    const allowed = await fetchAuthorizationServerMetadata(AS, { allowInsecure: true });
    expect(allowed.token_endpoint).toBe('http://auth.example.com/token');
  });

  it('[M2] a server with no authorization endpoint (client credentials only) is valid metadata, a non-string one is not', async () => {
    const body: Record<string, unknown> = asMetadata(AS, {
      grant_types_supported: ['client_credentials'],
    });
    delete body.authorization_endpoint;
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () => HttpResponse.json(body)),
    );
    const metadata = await fetchAuthorizationServerMetadata(AS);
    expect(metadata.authorization_endpoint).toBeUndefined();
    expect(metadata.token_endpoint).toBe(`${AS}/token`);
    server.use(
      http.get(`${AS}/.well-known/oauth-authorization-server`, () =>
        HttpResponse.json({ ...body, authorization_endpoint: 42 }),
      ),
    );
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toContain('"authorization_endpoint" is not a string');
  });
});
