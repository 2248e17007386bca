import { describe, expect, it } from 'vitest';
import { mock, refresh, useMsw } from './support.js';

useMsw();

describe('flaky endpoints', () => {
  it('flaky profile: token answers 503, then 429 with Retry-After, then works', async () => {
    const env = mock({ profile: 'flaky' });
    const { refresh_token = '' } = env.authorizationServer.issueTokens();
    const first = await refresh(env, 'mock-client', refresh_token);
    expect(first.status).toBe(503);
    expect((await first.json()).error).toBe('temporarily_unavailable');
    const second = await refresh(env, 'mock-client', refresh_token);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await refresh(env, 'mock-client', refresh_token)).status).toBe(200);
    expect(env.requests.filter('token').map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('flaky profile: AS metadata answers 500 once', async () => {
    const env = mock({ profile: 'flaky' });
    const url = env.urls.authorizationServerMetadata;
    expect((await fetch(url)).status).toBe(500);
    expect((await fetch(url)).status).toBe(200);
  });

  it('quirks.flaky takes per-endpoint sequences with network errors and ok steps', async () => {
    const env = mock({
      quirks: { flaky: { 'protected-resource-metadata': ['ok', 'network-error', 502] } },
    });
    const url = env.urls.resourceMetadata;
    expect((await fetch(url)).status).toBe(200);
    await expect(fetch(url)).rejects.toThrow();
    expect((await fetch(url)).status).toBe(502);
    expect((await fetch(url)).status).toBe(200);
    expect(env.requests.filter('protected-resource-metadata').map((r) => r.status)).toEqual([
      200, 0, 502, 200,
    ]);
  });

  it("'hang' never answers until the client aborts", async () => {
    const env = mock({ quirks: { flaky: { token: ['hang'] } } });
    const { refresh_token = '' } = env.authorizationServer.issueTokens();
    const controller = new AbortController();
    const pending = fetch(env.urls.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token,
        client_id: 'mock-client',
      }),
      signal: controller.signal,
    });
    let answered = false;
    pending.then(
      () => {
        answered = true;
      },
      () => {},
    );
    // A later request is answered while the first one still hangs.
    expect((await refresh(env, 'mock-client', refresh_token)).status).toBe(200);
    expect(answered).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(env.requests.filter('token').map((r) => r.status)).toEqual([0, 200]);
  });

  it('reset() restarts the sequences', async () => {
    const env = mock({ quirks: { flaky: { mcp: [500] } } });
    expect((await fetch(env.urls.mcp, { method: 'POST' })).status).toBe(500);
    expect((await fetch(env.urls.mcp, { method: 'POST' })).status).toBe(401);
    env.reset();
    expect((await fetch(env.urls.mcp, { method: 'POST' })).status).toBe(500);
  });
});
