/**
 * A real OAuth 2 authorization server on loopback for integration tests:
 * oidc-provider 9 with PKCE S256, dynamic client registration, rotating
 * refresh tokens with reuse detection, RFC 7009 revocation, RFC 8707
 * resource indicators, RFC 9207 `iss` and JWT (or opaque) access tokens.
 * See README.md for the API.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { obtainTokens, registerClient, tokenRequest } from './client.js';
import { providerConfiguration } from './config.js';
import { completeAuthorization } from './interactions.js';
import { verifyAccessToken } from './verify.js';
import { registerWorkloadGrant } from './workload.js';

/** @param {import('./index.js').AuthorizationServerOptions} [options] */
export async function startAuthorizationServer(options = {}) {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${port}`;
  const issuer = options.issuerPath ? `${url}${options.issuerPath}` : url;

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const cookieKey = randomBytes(32).toString('hex');

  const provider = new Provider(issuer, providerConfiguration(options, { jwk, cookieKey }));
  if (options.tokenErrorQuirk) provider.use(tokenErrorQuirk(options.tokenErrorQuirk));
  const workloadGrants = { accepted: 0, refused: 0 };
  if (options.workloadIdentity) {
    const tokenEndpoint = `${issuer}/token`;
    registerWorkloadGrant(provider, { issuer, tokenEndpoint }, options, workloadGrants);
  }

  /** @type {Array<{ method: string, path: string }>} */
  const requests = [];
  const callback = provider.callback();
  const prefix = options.issuerPath ?? '';
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    requests.push({ method: req.method ?? 'GET', path });
    if (options.onRequest?.(req, res)) return;
    if (prefix && req.url?.startsWith(prefix)) {
      // Mounted under the issuer path, the way Express/koa-mount do it:
      // oidc-provider builds its URLs from originalUrl minus url.
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
    }
    callback(req, res);
  });

  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const endpoint = (path) => `${issuer}${path}`;
  return {
    issuer,
    url,
    port,
    provider,
    endpoints: {
      metadata: `${issuer}/.well-known/openid-configuration`,
      authorization: endpoint('/auth'),
      token: endpoint('/token'),
      registration: endpoint('/reg'),
      revocation: endpoint('/token/revocation'),
      introspection: endpoint('/token/introspection'),
      jwks: endpoint('/jwks'),
    },
    publicJwk,
    workloadGrants,
    requests,
    count(path, method) {
      return requests.filter((r) => r.path === path && (!method || r.method === method)).length;
    },
    resetCounts() {
      requests.length = 0;
    },
    completeAuthorization: (authorizationUrl, opts = {}) =>
      completeAuthorization(authorizationUrl, { ...opts, issuer }),
    registerClient: (metadata) => registerClient(issuer, metadata),
    obtainTokens: (opts) => obtainTokens(issuer, opts),
    tokenRequest: (client, fields) => tokenRequest(issuer, client, fields),
    verifyAccessToken: (token, opts = {}) =>
      verifyAccessToken(token, { ...opts, provider, issuer, publicJwk }),
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      });
    },
  };
}

/**
 * Makes the token endpoint answer errors the way non-standard providers do
 * (Slack, GitHub: HTTP 200, own codes), to test @mcp-oauth/normalize-errors
 * against a real server's answers.
 * @param {import('./index.js').TokenErrorQuirk} quirk
 */
function tokenErrorQuirk(quirk) {
  return async (ctx, next) => {
    await next();
    if (!ctx.path.endsWith('/token') || ctx.status < 400 || !ctx.body?.error) return;
    const error = quirk.rename?.[ctx.body.error] ?? ctx.body.error;
    ctx.body = { ...quirk.extra, ...ctx.body, error };
    ctx.status = quirk.status ?? 200;
  };
}

export { completeAuthorization } from './interactions.js';
