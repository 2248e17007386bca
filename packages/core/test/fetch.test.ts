/// <reference types="node" />
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createOAuthFetch,
  ErrorCode,
  type FetchLike,
  McpOAuthError,
  OAuthResponseError,
  readJson,
  readOAuthJson,
} from '../src/index.js';

const hanging: FetchLike = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('createOAuthFetch', () => {
  it('[F1] every request gets a fresh 30 s timeout by default', async () => {
    vi.useFakeTimers();
    const oauthFetch = createOAuthFetch({ fetch: hanging });
    const first = oauthFetch('https://as.example.com/token', { method: 'POST' });
    const outcome = first.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(29_999);
    const second = oauthFetch('https://as.example.com/token').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.Timeout);
    expect((error as Error).message).toBe(
      'Request to https://as.example.com/token timed out after 30000 ms',
    );
    // The second request started later and has its own timer: still pending.
    let settled = false;
    void second.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBe(true);
  });

  it("[F1] the caller's abort signal aborts the request with the caller's reason", async () => {
    const controller = new AbortController();
    const request = createOAuthFetch({ fetch: hanging })('https://as.example.com/token', {
      signal: controller.signal,
    });
    controller.abort(new Error('user closed the app'));
    await expect(request).rejects.toThrow('user closed the app');
    const already = createOAuthFetch({ fetch: hanging })('https://as.example.com/token', {
      signal: AbortSignal.abort(new Error('before start')),
    });
    await expect(already).rejects.toThrow('before start');
  });

  it('[F1] 10,000 requests leave no abort listener behind on the caller signal', async () => {
    const controller = new AbortController();
    const ok: FetchLike = async () => new Response('{"ok":true}');
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    const okFetch = createOAuthFetch({ fetch: ok });
    const failFetch = createOAuthFetch({ fetch: failing });
    for (let i = 0; i < 10_000; i++) {
      if (i % 10 === 0) {
        await failFetch('https://as.example.com/token', { signal: controller.signal }).catch(
          () => {},
        );
      } else {
        await okFetch('https://as.example.com/token', { signal: controller.signal });
      }
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 60_000);

  it('[F3] a 50 MB body is cut off at the 1 MiB cap with a typed error', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const huge: FetchLike = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            if (pulled >= 50 * 1024 * 1024) return controller.close();
            pulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const error = await createOAuthFetch({ fetch: huge })(
      'https://as.example.com/.well-known/oauth-authorization-server',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpOAuthError);
    expect((error as McpOAuthError).code).toBe(ErrorCode.ResponseTooLarge);
    expect((error as Error).message).toBe(
      'Response from https://as.example.com/.well-known/oauth-authorization-server (HTTP 200) exceeds 1048576 bytes',
    );
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it('[F3] a declared Content-Length over the cap is refused before reading', async () => {
    const declared: FetchLike = async () =>
      new Response('x', { headers: { 'content-length': String(10 * 1024 * 1024) } });
    await expect(
      createOAuthFetch({ fetch: declared, maxBodyBytes: 1000 })('https://as.example.com/x'),
    ).rejects.toMatchObject({ code: ErrorCode.ResponseTooLarge });
  });

  it('returns a buffered copy with status, headers, body and url', async () => {
    const inner: FetchLike = async () =>
      new Response('{"a":1}', { status: 201, headers: { 'x-test': 'y' } });
    const response = await createOAuthFetch({ fetch: inner })('https://as.example.com/register', {
      method: 'POST',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-test')).toBe('y');
    expect(response.url).toBe('https://as.example.com/register');
    expect(await response.json()).toEqual({ a: 1 });
  });
});

describe('readJson', () => {
  it('[F3] a non-JSON body gives a typed error naming the URL and status', async () => {
    const response = new Response('<html>gateway</html>', { status: 502 });
    const error = await readJson(response, 'https://as.example.com/token?code=SECRET').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpOAuthError);
    expect(error).toMatchObject({ code: ErrorCode.InvalidResponse, status: 502 });
    expect((error as Error).message).toBe(
      'Expected a JSON object from https://as.example.com/token?code=%5BREDACTED%5D (HTTP 502)',
    );
    expect(Object.keys(error as object)).not.toContain('response');
  });

  it('[F3] JSON that is not an object is refused too', async () => {
    await expect(readJson(new Response('[1,2]'), 'https://x.example/')).rejects.toMatchObject({
      code: ErrorCode.InvalidResponse,
    });
  });
});

describe('readOAuthJson', () => {
  it('maps an OAuth error body to OAuthResponseError with its fields', async () => {
    const response = new Response(
      JSON.stringify({ error: 'invalid_grant', error_description: 'expired' }),
      { status: 400 },
    );
    const error = await readOAuthJson(response, 'https://as.example.com/token').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OAuthResponseError);
    expect(error).toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_grant',
      errorDescription: 'expired',
      status: 400,
    });
  });

  it('maps other failures to HTTP_ERROR', async () => {
    await expect(
      readOAuthJson(new Response('oops', { status: 503 }), 'https://as.example.com/token'),
    ).rejects.toMatchObject({ code: ErrorCode.Http, status: 503 });
  });
});
