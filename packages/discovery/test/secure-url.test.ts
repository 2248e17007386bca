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
      'http://app.localhost/',
    ]) {
      expect(assertSecureUrl(url).href).toBe(new URL(url).href);
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
  it('[D9] a metadata request redirected to plain http off loopback is refused', async () => {
    const { fetchAuthorizationServerMetadata } = await import('../src/index.js');
    const redirected = Object.assign(new Response('{}', { status: 200 }), {});
    Object.defineProperty(redirected, 'url', { value: 'http://evil.example.com/metadata' });
    const error = await fetchAuthorizationServerMetadata('https://auth.example.com', {
      fetch: async () => redirected,
    }).catch((e: unknown) => e as McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.InsecureUrl);
    expect((error as McpOAuthError).message).toContain('redirect target of');
  });
});
