import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallbackServer, portHint, startCallbackServer } from '../src/callback-server.js';
import { PAGE_HEADERS } from '../src/pages.js';

const STATE = 'expected-state-value';
let server: CallbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async (options: Partial<Parameters<typeof startCallbackServer>[0]> = {}) => {
  server = await startCallbackServer({ state: STATE, ...options });
  return server;
};

const get = (url: string, init?: RequestInit) => fetch(url, { redirect: 'manual', ...init });

describe('startCallbackServer', () => {
  it('[A2] listens on 127.0.0.1 at a free port with the /callback redirect URI', async () => {
    const s = await start();
    expect(s.port).toBeGreaterThan(0);
    expect(s.redirectUri).toBe(`http://127.0.0.1:${s.port}/callback`);
    const res = await get(`http://127.0.0.1:${s.port}/callback`);
    expect(res.status).toBe(400);
  });

  it('[A2] uses the configured port, and localhost binds every loopback address it resolves to', async () => {
    const probe = await start();
    const port = probe.port;
    await probe.close();
    const s = await start({ port, host: 'localhost' });
    expect(s.redirectUri).toBe(`http://localhost:${port}/callback`);
    expect((await get(`http://127.0.0.1:${port}/callback`)).status).toBe(400);
    const v6 = await get(`http://[::1]:${port}/callback`).catch(() => undefined);
    if (v6) expect(v6.status).toBe(400); // hosts without IPv6 have only 127.0.0.1
  });

  it('[A4] answers /callback only', async () => {
    const s = await start();
    const res = await get(`http://127.0.0.1:${s.port}/other?code=c&state=${STATE}`);
    expect(res.status).toBe(404);
    const post = await get(`http://127.0.0.1:${s.port}/callback`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('[A4] [H4] a code with a wrong or no state gets HTTP 400 and is ignored: the real callback still completes the flow', async () => {
    const s = await start();
    let settled = false;
    void s.result.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (const query of ['code=abc&state=forged', 'code=abc', 'state=forged', '']) {
      const res = await get(`http://127.0.0.1:${s.port}/callback?${query}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('does not belong to the login in progress');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    const real = get(`http://127.0.0.1:${s.port}/callback?code=real&state=${STATE}`);
    const receipt = await s.result;
    expect(receipt.code).toBe('real');
    receipt.finish(true);
    expect((await real).status).toBe(200);
  });

  it('[A4] an error with the right state shows an escaped page and fails with the OAuth message', async () => {
    const s = await start();
    const params = new URLSearchParams({
      state: STATE,
      error: 'access_denied',
      error_description: '<script>alert(1)</script>',
      error_uri: 'https://as.example.com/help',
    });
    const res = await get(`http://127.0.0.1:${s.port}/callback?${params}`);
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    await expect(s.result).rejects.toMatchObject({
      code: 'OAUTH_ERROR',
      oauthError: 'access_denied',
      message:
        'OAuth error: access_denied - <script>alert(1)</script> (See: https://as.example.com/help)',
    });
  });

  it('[A4] an error without the right state gets 400 and the flow keeps waiting', async () => {
    const s = await start();
    const res = await get(`http://127.0.0.1:${s.port}/callback?error=access_denied&state=wrong`);
    expect(res.status).toBe(400);
    const noState = await get(`http://127.0.0.1:${s.port}/callback?error=access_denied`);
    expect(noState.status).toBe(400);
    const pending = get(`http://127.0.0.1:${s.port}/callback?code=good&state=${STATE}`);
    const receipt = await s.result;
    expect(receipt.code).toBe('good');
    receipt.finish(true);
    expect((await pending).status).toBe(200);
  });

  it('[A17] the success page is sent only once the exchange has succeeded, with security headers', async () => {
    const s = await start();
    let answered = false;
    const pending = get(`http://127.0.0.1:${s.port}/callback?code=abc&state=${STATE}`).then((r) => {
      answered = true;
      return r;
    });
    const receipt = await s.result;
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    receipt.finish(true);
    const res = await pending;
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(PAGE_HEADERS)) {
      expect(res.headers.get(name)).toBe(value);
    }
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('Login complete');
    expect(html).not.toMatch(/<(script|img|link|iframe)\b|https?:\/\//i);
  });

  it('[A17] a failed exchange shows a failure page, and nothing ever redirects', async () => {
    const s = await start();
    const pending = get(
      `http://127.0.0.1:${s.port}/callback?code=abc&state=${STATE}&redirect=https://evil.example`,
    );
    const receipt = await s.result;
    receipt.finish(false);
    const res = await pending;
    expect(res.status).toBe(500);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Login failed');
    const again = await get(`http://127.0.0.1:${s.port}/callback?code=abc&state=${STATE}`);
    expect(again.status).toBe(400);
  });

  it('[A18] a callback carrying access_token or id_token is refused', async () => {
    const s = await start();
    const stray = await get(`http://127.0.0.1:${s.port}/callback?access_token=x&state=wrong`);
    expect(stray.status).toBe(400);
    const res = await get(`http://127.0.0.1:${s.port}/callback?code=c&id_token=x&state=${STATE}`);
    expect(res.status).toBe(400);
    await expect(s.result).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('[A15] an iss that differs from the issuer fails the flow (mix-up defence)', async () => {
    const s = await start({ issuer: 'https://as.example.com' });
    const res = await get(
      `http://127.0.0.1:${s.port}/callback?code=c&state=${STATE}&iss=${encodeURIComponent('https://evil.example.com')}`,
    );
    expect(res.status).toBe(400);
    await expect(s.result).rejects.toMatchObject({
      code: 'ISSUER_MISMATCH',
      message: 'Issuer mismatch: expected https://as.example.com, got https://evil.example.com',
    });
  });

  it('[A15] when iss is advertised it is required; when not advertised a present iss must still match', async () => {
    const required = await start({ issuer: 'https://as.example.com', issRequired: true });
    await get(`http://127.0.0.1:${required.port}/callback?code=c&state=${STATE}`);
    await expect(required.result).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' });
    await required.close();
    const optional = await start({ issuer: 'https://as.example.com' });
    const ok = get(
      `http://127.0.0.1:${optional.port}/callback?code=c&state=${STATE}&iss=${encodeURIComponent('https://as.example.com')}`,
    );
    const receipt = await optional.result;
    expect(receipt).toMatchObject({ code: 'c', iss: 'https://as.example.com' });
    receipt.finish(true);
    await ok;
    await optional.close();
    const absent = await start({ issuer: 'https://as.example.com' });
    const fine = get(`http://127.0.0.1:${absent.port}/callback?code=c2&state=${STATE}`);
    expect((await absent.result).code).toBe('c2');
    (await absent.result).finish(true);
    await fine;
  });

  it('[A8] a port in use is an error naming the port and the command that finds its holder', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startCallbackServer({ state: STATE, port })).rejects.toMatchObject({
        code: 'PORT_UNAVAILABLE',
        message: `Port ${port} is in use. Run \`lsof -ti:${port} -sTCP:LISTEN\` to find the process holding it, or configure another callback port.`,
      });
    } finally {
      blocker.close();
    }
    expect(portHint(8765, 'win32')).toBe('netstat -ano | findstr :8765');
  });

  it('[A8] other listen errors say the callback server failed', async () => {
    await expect(startCallbackServer({ state: STATE, port: 70000 })).rejects.toMatchObject({
      code: 'CALLBACK_SERVER_FAILED',
    });
  });

  it('[A9] close ends the flow once, ends a held response and frees the port', async () => {
    const s = await start();
    const port = s.port;
    await s.close();
    await expect(s.result).rejects.toMatchObject({ code: 'CANCELLED' });
    const reuse = await startCallbackServer({ state: STATE, port });
    await reuse.close();
  });
});

describe('manual paste', () => {
  it('[A5] an unparsable URL or one without code is ignored; the right one completes the flow', async () => {
    const s = await start();
    expect(s.paste('not a url')).toMatch(/not a URL/);
    expect(s.paste('http://127.0.0.1/callback?state=x')).toMatch(/no authorization code/);
    expect(s.paste(`http://127.0.0.1:1/callback?code=pasted&state=${STATE}`)).toBeUndefined();
    expect((await s.result).code).toBe('pasted');
  });

  it('[A5] a pasted error or wrong state fails the flow', async () => {
    const wrong = await start();
    wrong.paste('http://127.0.0.1/callback?code=c&state=nope');
    await expect(wrong.result).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
    await wrong.close();
    const denied = await start();
    denied.paste(`http://127.0.0.1/callback?error=access_denied&state=${STATE}`);
    await expect(denied.result).rejects.toMatchObject({
      code: 'OAUTH_ERROR',
      oauthError: 'access_denied',
    });
  });
});
