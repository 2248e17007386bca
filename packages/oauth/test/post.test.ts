import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSecretBasic, postCredentials, requestToken } from '../src/index.js';

/** A real token endpoint on loopback that redirects, and a second host that records what reaches it. */
let server: Server;
let base = '';
const stolen: Array<{ url: string; body: string; authorization?: string }> = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    if (req.url?.startsWith('/redirect/')) {
      res.writeHead(Number(req.url.slice(10)), { Location: `${base}/steal` });
      res.end();
      return;
    }
    if (req.url === '/steal') {
      stolen.push({
        url: req.url,
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'minted-elsewhere', token_type: 'Bearer' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('postCredentials', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`[H1] a ${status} from a token endpoint is refused: nothing reaches the other address`, async () => {
      stolen.length = 0;
      const error = await requestToken({
        fetch,
        endpoint: `${base}/redirect/${status}`,
        issuer: base,
        clientAuth: clientSecretBasic('client', 'secret'),
        params: { grant_type: 'refresh_token', refresh_token: 'rt-secret' },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpOAuthError);
      expect(error).toMatchObject({ code: ErrorCode.Http, status });
      expect((error as Error).message).toMatch(/redirect/);
      expect((error as Error).message).not.toContain('rt-secret');
      expect(stolen).toEqual([]);
    });
  }

  it('[H1] the request carries the client authentication once and no redirect policy but manual', async () => {
    const seen: RequestInit[] = [];
    await postCredentials({
      fetch: async (_url, init) => {
        seen.push(init ?? {});
        return new Response('{}', { status: 200 });
      },
      endpoint: 'https://as.example.com/token',
      issuer: 'https://as.example.com',
      clientAuth: clientSecretBasic('id', 's'),
      params: { grant_type: 'client_credentials', empty: '', absent: undefined },
    });
    expect(seen[0]?.redirect).toBe('manual');
    expect(new Headers(seen[0]?.headers).get('authorization')).toMatch(/^Basic /);
    expect(String(seen[0]?.body)).toBe('grant_type=client_credentials');
  });

  it('[D9] refuses plain http to a host that is not loopback before sending anything', async () => {
    let sent = false;
    const error = await postCredentials({
      fetch: async () => {
        sent = true;
        return new Response('{}');
      },
      endpoint: 'http://as.example.com/token',
      issuer: 'http://as.example.com',
      params: {},
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.InsecureUrl });
    expect(sent).toBe(false);
  });
});
