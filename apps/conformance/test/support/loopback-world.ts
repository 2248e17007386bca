import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider written for live-mode tests with plain `node:http` (not
 * `@mcp-oauth/mock-servers`): an MCP endpoint speaking just enough
 * Streamable HTTP JSON-RPC for the MCP SDK client, its protected-resource
 * metadata, and an authorization server with dynamic registration, an
 * authorization endpoint that redirects at once (the user always consents),
 * a token endpoint with PKCE S256, refresh and revocation. Each option is
 * one way a real provider goes wrong or differs.
 */
export interface WorldOptions {
  /** The callback's `iss` (advertised in metadata): the issuer, or another one (mix-up). */
  readonly iss?: 'right' | 'wrong';
  /** The metadata's `issuer` is not the URL it is published for (RFC 8414 §3.3). */
  readonly issuerMismatch?: boolean;
  /** Token errors answered the Slack way: HTTP 200 `{ ok: false, error }`, `invalid_grant` as `invalid_refresh_token`. */
  readonly slack?: boolean;
  /** Every refresh is refused (`invalid_grant`). */
  readonly refuseRefresh?: boolean;
  /**
   * No protected-resource and no authorization-server metadata at all: the
   * MCP 2025-03-26 default endpoints, no refresh tokens, no `iss`, and a
   * revocation endpoint nobody can find.
   */
  readonly noMetadata?: boolean;
  /** Single-use refresh tokens. */
  readonly rotate?: boolean;
  /** `admin-tool` needs `mcp:admin`: 403 `insufficient_scope` without it. */
  readonly stepUp?: boolean;
  /** The revocation endpoint answers 200 and revokes nothing. */
  readonly fakeRevocation?: boolean;
}

interface Grant {
  readonly id: number;
  readonly clientId: string;
  readonly scope: string;
  /** The refresh token that refreshes now (the latest, with rotation); undefined when none was issued. */
  refreshToken?: string;
  revoked: boolean;
}

/** What a test reads back from the world. */
export interface World {
  /** The MCP server URL. */
  readonly url: string;
  readonly issuer: string;
  /** Clients registered (RFC 7591). */
  readonly registrations: number;
  /** Grants that can still be continued without the user: an unrevoked refresh token. */
  aliveGrants(): Array<{ clientId: string; scope: string }>;
  /** Every grant the world issued. */
  readonly grants: number;
  close(): Promise<void>;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');
const token = (prefix: string) => `${prefix}-${b64url(randomBytes(18))}`;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a world on 127.0.0.1 with a free port. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  let base = '';
  const prmPath = '/.well-known/oauth-protected-resource/mcp';
  const clients = new Map<string, { redirectUris: string[] }>();
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; scope: string }
  >();
  const grants: Grant[] = [];
  const accessTokens = new Map<string, { grant: Grant; scope: string }>();

  const oauthError = (res: ServerResponse, error: string, status = 400) =>
    options.slack
      ? json(res, 200, {
          ok: false,
          error: error === 'invalid_grant' ? 'invalid_refresh_token' : error,
        })
      : json(res, status, { error });

  const metadata = () => ({
    issuer: options.issuerMismatch ? `${base}/another-issuer` : base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    registration_endpoint: `${base}/register`,
    revocation_endpoint: `${base}/revoke`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['mcp:tools'],
    authorization_response_iss_parameter_supported: true,
  });

  const issue = (res: ServerResponse, grant: Grant, refresh: boolean) => {
    const access = token('at');
    accessTokens.set(access, { grant, scope: grant.scope });
    if (refresh) grant.refreshToken = token('rt');
    json(res, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: grant.scope,
      ...(refresh ? { refresh_token: grant.refreshToken } : {}),
    });
  };

  const tokenEndpoint = async (req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await readBody(req));
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (
        !code ||
        code.clientId !== form.get('client_id') ||
        code.redirectUri !== form.get('redirect_uri') ||
        b64url(createHash('sha256').update(verifier).digest()) !== code.challenge
      ) {
        return oauthError(res, 'invalid_grant');
      }
      const grant: Grant = {
        id: grants.length + 1,
        clientId: code.clientId,
        scope: code.scope,
        revoked: false,
      };
      grants.push(grant);
      return issue(res, grant, !options.noMetadata);
    }
    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token');
      const grant = grants.find((g) => !g.revoked && g.refreshToken === presented);
      if (!grant || options.refuseRefresh || grant.clientId !== form.get('client_id')) {
        return oauthError(res, 'invalid_grant');
      }
      return issue(res, grant, !!options.rotate);
    }
    return oauthError(res, 'unsupported_grant_type');
  };

  const mcp = async (req: IncomingMessage, res: ServerResponse) => {
    const challenge = options.noMetadata
      ? 'Bearer realm="mcp"'
      : `Bearer resource_metadata="${base}${prmPath}"`;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const access = bearer ? accessTokens.get(bearer) : undefined;
    const body = req.method === 'POST' ? await readBody(req) : '';
    if (!access || access.grant.revoked) {
      return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': challenge });
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const message = JSON.parse(body) as {
      id?: number | string;
      method: string;
      params?: { name?: string; protocolVersion?: string };
    };
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const answer = (result: unknown) => json(res, 200, { jsonrpc: '2.0', id: message.id, result });
    switch (message.method) {
      case 'initialize':
        return answer({
          protocolVersion: message.params?.protocolVersion ?? '2025-06-18',
          capabilities: { tools: {} },
          serverInfo: { name: 'loopback-world', version: '1.0.0' },
        });
      case 'tools/list':
        return answer({
          tools: ['test-tool', 'admin-tool'].map((name) => ({
            name,
            inputSchema: { type: 'object' },
          })),
        });
      case 'tools/call':
        if (
          options.stepUp &&
          message.params?.name === 'admin-tool' &&
          !access.scope.split(' ').includes('mcp:admin')
        ) {
          res.writeHead(403, {
            'www-authenticate': `Bearer error="insufficient_scope", scope="mcp:tools mcp:admin", resource_metadata="${base}${prmPath}"`,
          });
          res.end();
          return;
        }
        return answer({ content: [{ type: 'text', text: 'ok' }] });
      case 'ping':
        return answer({});
      default:
        return json(res, 200, {
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32601, message: 'Method not found' },
        });
    }
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path === '/mcp') return mcp(req, res);
    if (path.startsWith('/.well-known/oauth-protected-resource')) {
      if (options.noMetadata) return json(res, 404, { error: 'not_found' });
      return json(res, 200, {
        resource: `${base}/mcp`,
        authorization_servers: [base],
        scopes_supported: ['mcp:tools'],
      });
    }
    if (
      path.startsWith('/.well-known/oauth-authorization-server') ||
      path.startsWith('/.well-known/openid-configuration')
    ) {
      if (options.noMetadata || path !== '/.well-known/oauth-authorization-server') {
        return json(res, 404, { error: 'not_found' });
      }
      return json(res, 200, metadata());
    }
    if (path === '/register' && req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { redirect_uris?: string[] };
      const clientId = token('client');
      clients.set(clientId, { redirectUris: body.redirect_uris ?? [] });
      return json(res, 201, {
        ...body,
        client_id: clientId,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        token_endpoint_auth_method: 'none',
      });
    }
    if (path === '/authorize') {
      const q = url.searchParams;
      const client = clients.get(q.get('client_id') ?? '');
      const redirectUri = q.get('redirect_uri') ?? '';
      if (
        !client?.redirectUris.includes(redirectUri) ||
        q.get('code_challenge_method') !== 'S256'
      ) {
        res.writeHead(400).end('bad authorization request');
        return;
      }
      const code = token('code');
      codes.set(code, {
        clientId: q.get('client_id')!,
        redirectUri,
        challenge: q.get('code_challenge') ?? '',
        scope: q.get('scope') ?? '',
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      if (!options.noMetadata) {
        back.searchParams.set('iss', options.iss === 'wrong' ? 'https://evil.example' : base);
      }
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (path === '/token' && req.method === 'POST') return tokenEndpoint(req, res);
    if (path === '/revoke' && req.method === 'POST') {
      const presented = new URLSearchParams(await readBody(req)).get('token');
      // RFC 7009 §2.1: revoking a refresh token ends its grant; an unknown token is not an error.
      const grant = grants.find((g) => g.refreshToken === presented);
      if (grant && !options.fakeRevocation) grant.revoked = true;
      if (!options.fakeRevocation) accessTokens.delete(presented ?? '');
      res.writeHead(200).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/mcp`,
    issuer: base,
    get registrations() {
      return clients.size;
    },
    get grants() {
      return grants.length;
    },
    aliveGrants: () =>
      grants
        .filter((g) => !g.revoked && g.refreshToken !== undefined)
        .map(({ clientId, scope }) => ({ clientId, scope })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
