// Test support: cross-app access against real servers on loopback.
// oidc-provider plays the enterprise IdP (OIDC login, plus an RFC 8693
// token exchange grant that turns its id_token into an ID-JAG) and the MCP
// server's authorization server (plus an RFC 7523 jwt-bearer grant that
// accepts the ID-JAG); the MCP SDK serves the MCP server. Types: index.d.ts.
import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { errors } from 'oidc-provider';

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const IDP_CLIENT = { id: 'xaa-idp-client', secret: 'idp-secret' };
const AS_CLIENT = { id: 'xaa-as-client', secret: 'as-secret' };
const ID_JAG_TYP = 'oauth-id-jag+jwt';
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64 = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
/** Verifies an RS256 JWT with `publicKey`; the header and claims, or undefined. */
function verifyJwt(jwt, publicKey) {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return void 0;
  try {
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    return ok ? { header: unb64(header), claims: unb64(payload) } : void 0;
  } catch {
    return void 0;
  }
}
async function startRealServers() {
  // The IdP signs ID-JAGs with a key of its own; the AS trusts its public half,
  // as an AS configured with the IdP's JWKS would.
  const jagKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const idp = await startAuthorizationServer({
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', TOKEN_EXCHANGE_GRANT],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  });
  const as = await startAuthorizationServer({
    accessTokenFormat: 'opaque',
    clients: [
      {
        client_id: AS_CLIENT.id,
        client_secret: AS_CLIENT.secret,
        redirect_uris: [],
        response_types: [],
        grant_types: [JWT_BEARER_GRANT],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  });
  const idpKey = createPublicKey({ key: idp.publicJwk, format: 'jwk' });
  const servers = {
    idp,
    as,
    counts: { tokenExchange: 0, jwtBearer: 0 },
    refuseExchange: void 0,
  };
  const usedJti = /* @__PURE__ */ new Set();
  // RFC 8693 at the IdP: its own id_token in, an ID-JAG for the AS out.
  idp.provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    async (ctx) => {
      servers.counts.tokenExchange++;
      const params = ctx.oidc.params;
      if (servers.refuseExchange) throw new errors.InvalidGrant(servers.refuseExchange);
      if (params.requested_token_type !== ID_JAG_TOKEN_TYPE) {
        throw new errors.InvalidRequest('requested_token_type must be the ID-JAG type');
      }
      if (params.subject_token_type !== ID_TOKEN_TYPE) {
        throw new errors.InvalidRequest('subject_token_type must be id_token');
      }
      const subject = verifyJwt(params.subject_token ?? '', idpKey)?.claims;
      const now = Math.floor(Date.now() / 1e3);
      if (
        !subject ||
        subject.iss !== idp.issuer ||
        subject.aud !== ctx.oidc.client.clientId ||
        subject.exp <= now
      ) {
        throw new errors.InvalidGrant('subject_token is not a valid id_token of this IdP');
      }
      if (params.audience !== as.issuer) throw new errors.InvalidTarget('audience not allowed');
      const header = b64({ alg: 'RS256', typ: ID_JAG_TYP, kid: 'idp-jag' });
      const claims = b64({
        iss: idp.issuer,
        sub: subject.sub,
        aud: as.issuer,
        client_id: AS_CLIENT.id,
        jti: randomBytes(12).toString('hex'),
        iat: now,
        exp: now + 300,
        resource: params.resource,
        scope: 'mcp:tools',
      });
      const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), jagKeys.privateKey);
      ctx.body = {
        access_token: `${header}.${claims}.${signature.toString('base64url')}`,
        issued_token_type: ID_JAG_TOKEN_TYPE,
        token_type: 'N_A',
        expires_in: 300,
      };
    },
    [
      'subject_token',
      'subject_token_type',
      'requested_token_type',
      'audience',
      'resource',
      'scope',
    ],
  );
  // RFC 7523 at the AS: a valid ID-JAG from the trusted IdP for this client.
  as.provider.registerGrantType(
    JWT_BEARER_GRANT,
    async (ctx) => {
      servers.counts.jwtBearer++;
      const jwt = verifyJwt(ctx.oidc.params.assertion ?? '', jagKeys.publicKey);
      const claims = jwt?.claims;
      const clientId = ctx.oidc.client.clientId;
      if (
        !jwt ||
        jwt.header.typ !== ID_JAG_TYP ||
        claims.iss !== idp.issuer ||
        claims.aud !== as.issuer ||
        claims.exp <= Math.floor(Date.now() / 1e3) ||
        claims.client_id !== clientId ||
        usedJti.has(claims.jti)
      ) {
        throw new errors.InvalidGrant('assertion is not a valid ID-JAG for this client');
      }
      usedJti.add(claims.jti);
      const { AccessToken, Grant } = ctx.oidc.provider;
      const grant = new Grant({ accountId: claims.sub, clientId });
      grant.addResourceScope(claims.resource, claims.scope);
      const grantId = await grant.save();
      const token = new AccessToken({
        accountId: claims.sub,
        client: ctx.oidc.client,
        grantId,
        gty: 'jwt_bearer',
        scope: claims.scope,
        aud: claims.resource,
      });
      ctx.body = {
        access_token: await token.save(),
        token_type: 'Bearer',
        expires_in: token.expiration,
        scope: claims.scope,
      };
    },
    ['assertion', 'resource', 'scope'],
  );
  servers.verify = async (token) =>
    !!(await as.verifyAccessToken(token, { resource: servers.mcp.url }));
  servers.mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) =>
      (await servers.verify(token)) ? { scopes: ['mcp:tools'] } : void 0,
  });
  servers.close = async () => {
    await Promise.all([servers.mcp.close(), idp.close(), as.close()]);
  };
  return servers;
}

export { AS_CLIENT, IDP_CLIENT, startRealServers };
