import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { normalizeErrors } from '../src/index.js';
import { refreshBody, server } from './msw.js';

const TOKEN = 'https://as.example.com/token';
const post = (fetch = normalizeErrors()) => fetch(TOKEN, { method: 'POST', body: refreshBody() });

describe('normalizeErrors', () => {
  it('[N1] leaves GET responses alone, even a 200 carrying an error', async () => {
    server.use(http.get(TOKEN, () => HttpResponse.json({ error: 'invalid_refresh_token' })));
    const response = await normalizeErrors()(TOKEN);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: 'invalid_refresh_token' });
  });

  it('[N1] passes non-2xx POST responses through untouched, codes included', async () => {
    server.use(
      http.post(TOKEN, () =>
        HttpResponse.json(
          { error: 'invalid_refresh_token' },
          { status: 401, headers: { 'x-a': '1' } },
        ),
      ),
    );
    const response = await post();
    expect(response.status).toBe(401);
    expect(response.headers.get('x-a')).toBe('1');
    expect(await response.json()).toEqual({ error: 'invalid_refresh_token' });
  });

  it('[N2] a 2xx token response passes through with status, headers and bytes unchanged', async () => {
    const bytes = '{ "access_token":"at",  "token_type":"Bearer","error":"ignored" }';
    server.use(
      http.post(TOKEN, () =>
        HttpResponse.text(bytes, {
          status: 201,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      ),
    );
    const response = await post();
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(bytes);
  });

  it('[N3] a 2xx OAuth error body becomes HTTP 400 with the same headers', async () => {
    server.use(
      http.post(TOKEN, () =>
        HttpResponse.json(
          { error: 'invalid_client', error_description: 'bad secret', error_uri: 'https://d/x' },
          { headers: { 'x-request-id': 'r1' } },
        ),
      ),
    );
    const response = await post();
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'bad secret',
      error_uri: 'https://d/x',
    });
  });

  it('[N3] a 2xx body whose error fields are not strings is not an error shape and passes', async () => {
    server.use(http.post(TOKEN, () => HttpResponse.json({ error: { code: 190 } })));
    const response = await post();
    expect(response.status).toBe(200);
  });

  it('[N4] invalid_refresh_token, expired_refresh_token and token_expired become invalid_grant', async () => {
    for (const code of ['invalid_refresh_token', 'expired_refresh_token', 'token_expired']) {
      server.use(http.post(TOKEN, () => HttpResponse.json({ ok: false, error: code })));
      const response = await post();
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_grant',
        error_description: `Server returned non-standard error code: ${code}`,
      });
    }
  });

  it('[N4] keeps the description when the server sent one', async () => {
    server.use(
      http.post(TOKEN, () =>
        HttpResponse.json({ error: 'expired_refresh_token', error_description: 'too old' }),
      ),
    );
    expect(await (await post()).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'too old',
    });
  });

  it('[N5] a 2xx body that is not JSON passes through and stays readable', async () => {
    server.use(http.post(TOKEN, () => HttpResponse.text('<html>ok</html>')));
    const response = await post();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<html>ok</html>');
  });

  it('[N5] a registration success body is never rewritten', async () => {
    const registered = { client_id: 'c1', redirect_uris: ['http://127.0.0.1:1/cb'] };
    server.use(
      http.post('https://as.example.com/register', () =>
        HttpResponse.json(registered, { status: 201 }),
      ),
    );
    const response = await normalizeErrors()('https://as.example.com/register', {
      method: 'POST',
      body: JSON.stringify({ redirect_uris: registered.redirect_uris }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual(registered);
  });

  it('[N5] bodies over the size cap pass through unread', async () => {
    const big = JSON.stringify({ error: 'invalid_refresh_token', pad: 'x'.repeat(2048) });
    server.use(http.post(TOKEN, () => HttpResponse.text(big)));
    const response = await post(normalizeErrors(undefined, { maxBodyBytes: 1024 }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(big);
  });

  it('[N6] form-encoded 2xx error bodies are normalised to JSON', async () => {
    server.use(
      http.post(
        TOKEN,
        () =>
          new HttpResponse('error=expired_refresh_token&error_description=gone+away', {
            headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          }),
      ),
    );
    const response = await post();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'gone away',
    });
  });

  it('[N6] caller tables extend and override the built-in aliases, scoped by host', async () => {
    server.use(
      http.post(TOKEN, () => HttpResponse.json({ error: 'token_expired' })),
      http.post('https://other.example.com/token', () =>
        HttpResponse.json({ error: 'weird_code' }),
      ),
    );
    const table = {
      name: 'acme',
      hosts: ['example.com'],
      aliases: {
        weird_code: { error: 'invalid_grant', source: 'test' },
        token_expired: { error: 'invalid_request', source: 'test' },
      },
    };
    const fetch = normalizeErrors(undefined, { quirks: [table] });
    expect((await (await post(fetch)).json()).error).toBe('invalid_request');
    const other = await fetch('https://other.example.com/token', { method: 'POST' });
    expect((await other.json()).error).toBe('invalid_grant');
    const unscoped = normalizeErrors(undefined, { quirks: [{ ...table, hosts: ['acme.test'] }] });
    expect((await (await post(unscoped)).json()).error).toBe('invalid_grant');
  });

  it('[N6] unknown non-standard codes keep their code and get no invented description', async () => {
    server.use(http.post(TOKEN, () => HttpResponse.json({ error: 'mystery' })));
    expect(await (await post()).json()).toEqual({ error: 'mystery' });
  });
});
