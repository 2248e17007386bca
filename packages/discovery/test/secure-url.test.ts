import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { describe, expect, it } from 'vitest';
import { assertSecureUrl, isLoopbackHost } from '../src/index.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(McpOAuthError);
    return (error as McpOAuthError).code;
  }
  return 'no error';
};

describe('assertSecureUrl', () => {
  it('[D9] accepts https anywhere and http on loopback hosts', () => {
    expect(assertSecureUrl('https://as.example.com/token').href).toBe(
      'https://as.example.com/token',
    );
    for (const url of [
      'http://127.0.0.1:8080/token',
      'http://localhost:3000/',
      'http://[::1]:9000/x',
      'http://127.5.6.7/',
    ]) {
      expect(assertSecureUrl(url).href).toBe(new URL(url).href);
    }
  });

  it('[H3] plain http to *.localhost or any other name is refused: a resolver may send it anywhere', () => {
    for (const url of [
      'http://app.localhost/',
      'http://evil.localhost:8080/token',
      'http://localhost.evil.example/',
      'http://127.0.0.1.nip.io/',
    ]) {
      expect(() => assertSecureUrl(url)).toThrow(
        expect.objectContaining({ code: ErrorCode.InsecureUrl }),
      );
    }
  });

  it('[D9] refuses plain http to other hosts with INSECURE_URL naming the URL and purpose', () => {
    expect(() =>
      assertSecureUrl('http://as.example.com/token', { purpose: 'token endpoint' }),
    ).toThrow(
      'Refusing insecure token endpoint http://as.example.com/token. Use https, or set allowInsecure: true for local development only.',
    );
    expect(codeOf(() => assertSecureUrl('http://127.0.0.1.evil.com/'))).toBe(ErrorCode.InsecureUrl);
    expect(codeOf(() => assertSecureUrl('http://localhost.evil.com/'))).toBe(ErrorCode.InsecureUrl);
  });

  it('[D9] the explicit development opt-out allows http to any host', () => {
    expect(assertSecureUrl('http://as.example.com/token', { allowInsecure: true }).host).toBe(
      'as.example.com',
    );
  });

  it('[D9] javascript:, file:, data: and relative URLs are refused even with the opt-out', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'ftp://h/',
    ]) {
      expect(codeOf(() => assertSecureUrl(url, { allowInsecure: true }))).toBe(
        ErrorCode.InsecureUrl,
      );
    }
    expect(() => assertSecureUrl('/token')).toThrow('The URL "/token" is not an absolute URL');
  });

  it('[D9] isLoopbackHost recognises only loopback names', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('example.com')).toBe(false);
  });
});

describe('redirects during discovery', () => {
  it('[D9] [H1] every hop of a metadata redirect chain is checked, not only the last', async () => {
    const { fetchAuthorizationServerMetadata } = await import('../src/index.js');
    const requested: string[] = [];
    const hops: Record<string, Response> = {
      'https://auth.example.com/.well-known/oauth-authorization-server': new Response(null, {
        status: 302,
        headers: { Location: 'http://evil.example.com/hop' },
      }),
      'http://evil.example.com/hop': new Response(null, {
        status: 302,
        headers: { Location: 'https://auth.example.com/final' },
      }),
    };
    const error = await fetchAuthorizationServerMetadata('https://auth.example.com', {
      fetch: async (input, init) => {
        requested.push(String(input));
        expect(init?.redirect).toBe('manual');
        return hops[String(input)] ?? new Response('{}', { status: 404 });
      },
    }).catch((e: unknown) => e as McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.InsecureUrl);
    expect((error as McpOAuthError).message).toContain('redirect target of');
    // The plain-http hop is never requested.
    expect(requested).not.toContain('http://evil.example.com/hop');
  });

  it('[H1] a redirect loop ends with a typed error', async () => {
    const { fetchAuthorizationServerMetadata } = await import('../src/index.js');
    let requests = 0;
    const error = await fetchAuthorizationServerMetadata('https://auth.example.com', {
      fetch: async () => {
        requests++;
        return new Response(null, { status: 307, headers: { Location: '/again' } });
      },
    }).catch((e: unknown) => e as McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.Http);
    expect((error as McpOAuthError).message).toMatch(/Too many redirects/);
    expect(requests).toBeLessThan(20);
  });
});
