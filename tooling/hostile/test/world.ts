/// Real servers on loopback for the hostile suite: an MCP server, its
/// protected-resource metadata and an authorization server on one port, every
/// route replaceable, every request recorded; and a thief on another port
/// that records whatever reaches it. Real sockets, real redirects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a server received. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly authorization?: string;
}

export type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => void | Promise<void>;

/** A server that records every request and answers from `routes` (by path), else 404. */
export interface Recorder {
  readonly url: string;
  readonly seen: Seen[];
  routes: Record<string, Route>;
  count(path: string, method?: string): number;
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

export function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { Location: location });
  res.end();
}

export async function startRecorder(routes: Record<string, Route> = {}): Promise<Recorder> {
  const seen: Seen[] = [];
  const recorder = { routes } as Recorder & { routes: Record<string, Route> };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({
      method: req.method ?? 'GET',
      path,
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const route = recorder.routes[path];
    if (route) await route(req, res, body);
    else json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(recorder, {
    url,
    seen,
    count: (path: string, method?: string) =>
      seen.filter((s) => s.path === path && (!method || s.method === method)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Form fields of a recorded body. */
export const form = (seen: Seen | undefined) => Object.fromEntries(new URLSearchParams(seen?.body));

let counter = 0;

/**
 * A spec-following world on one port: `/mcp` (401 with a challenge unless
 * the bearer is one the AS issued), its RFC 9728 metadata, RFC 8414 metadata,
 * registration, an authorization endpoint that approves at once (302 to the
 * redirect URI with code and state), a token endpoint with rotating refresh
 * tokens, and revocation. Replace any route to make it hostile.
 */
export async function startWorld(
  options: { expiresIn?: unknown; scope?: string } = {},
): Promise<Recorder & { issued: Set<string>; mcpUrl: string }> {
  const issued = new Set<string>();
  const world = await startRecorder();
  const mint = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2)}`;
  const tokens = () => {
    const access = mint('at');
    issued.add(access);
    return {
      access_token: access,
      token_type: 'Bearer',
      refresh_token: mint('rt'),
      ...(options.expiresIn === undefined
        ? { expires_in: 3600 }
        : { expires_in: options.expiresIn }),
      scope: options.scope ?? 'mcp',
    };
  };
  world.routes = {
    '/mcp': (req, res) => {
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      if (bearer && issued.has(bearer))
        return json(res, 200, { jsonrpc: '2.0', id: 1, result: {} });
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer resource_metadata="${world.url}/.well-known/oauth-protected-resource/mcp"`,
      });
      res.end();
    },
    '/.well-known/oauth-protected-resource/mcp': (_req, res) =>
      json(res, 200, { resource: `${world.url}/mcp`, authorization_servers: [world.url] }),
    '/.well-known/oauth-authorization-server': (_req, res) =>
      json(res, 200, {
        issuer: world.url,
        authorization_endpoint: `${world.url}/authorize`,
        token_endpoint: `${world.url}/token`,
        registration_endpoint: `${world.url}/register`,
        revocation_endpoint: `${world.url}/revoke`,
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
      }),
    '/register': (_req, res, body) =>
      json(res, 201, { ...JSON.parse(body), client_id: mint('client') }),
    '/authorize': (req, res) => {
      const q = new URL(req.url ?? '/', world.url).searchParams;
      redirect(res, 302, `${q.get('redirect_uri')}?code=${mint('code')}&state=${q.get('state')}`);
    },
    '/token': (_req, res) => json(res, 200, tokens()),
    '/revoke': (_req, res) => json(res, 200, {}),
  };
  return Object.assign(world, { issued, mcpUrl: `${world.url}/mcp` });
}

/** A browser that follows the authorization URL and delivers the redirect, now or later. */
export function browser(delayMs = 0) {
  const pages: Promise<number>[] = [];
  return {
    pages,
    open: async (url: string) => {
      pages.push(
        (async () => {
          const answer = await fetch(url, { redirect: 'manual' });
          const location = answer.headers.get('location');
          if (!location) return answer.status;
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return (await fetch(location, { redirect: 'manual' })).status;
        })(),
      );
      return true;
    },
  };
}
