/**
 * Workload identity federation at the authorization server: an RFC 7523
 * jwt-bearer grant that accepts a JWT signed by a trusted workload platform
 * (a stand-in for a Kubernetes service account issuer or GitHub Actions
 * OIDC) and issues an access token for the requested resource, with the
 * workload as its subject.
 */
import { createPublicKey, verify } from 'node:crypto';
import { errors } from 'oidc-provider';
import { resourceServerInfo } from './config.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Verifies a compact JWS with one of `keys` (RS256, ES256 or EdDSA); its header and claims, or undefined. */
function verifyJws(jws, keys) {
  const [header, payload, signature] = String(jws).split('.');
  if (!header || !payload || !signature) return undefined;
  try {
    const protectedHeader = decode(header);
    const jwk = keys.find((k) => !protectedHeader.kid || k.kid === protectedHeader.kid);
    if (!jwk) return undefined;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${header}.${payload}`);
    const sig = Buffer.from(signature, 'base64url');
    const ok =
      protectedHeader.alg === 'RS256'
        ? verify('sha256', data, key, sig)
        : protectedHeader.alg === 'ES256'
          ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
          : protectedHeader.alg === 'EdDSA'
            ? verify(null, data, key, sig)
            : false;
    return ok ? { header: protectedHeader, claims: decode(payload) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers the jwt-bearer grant on `provider`. The assertion must be signed
 * by one of `trust.keys`, come from `trust.issuer`, name this server's
 * issuer or token endpoint as its audience, be unexpired and unused (`jti`),
 * and name an allowed subject. Counts accepted and refused grants in `counts`.
 * @param {any} provider
 * @param {{ issuer: string, tokenEndpoint: string }} server
 * @param {import('./index.js').AuthorizationServerOptions} options
 * @param {{ accepted: number, refused: number }} counts
 */
export function registerWorkloadGrant(provider, server, options, counts) {
  const trust = /** @type {import('./index.js').WorkloadTrust} */ (options.workloadIdentity);
  const used = new Set();
  provider.registerGrantType(
    JWT_BEARER_GRANT,
    async (ctx) => {
      const { params, client } = ctx.oidc;
      const jws = verifyJws(params.assertion ?? '', trust.keys);
      const claims = jws?.claims;
      const now = Math.floor(Date.now() / 1000);
      const audiences = Array.isArray(claims?.aud) ? claims.aud : [claims?.aud];
      const problem = !claims
        ? 'the assertion is not signed by the trusted platform'
        : claims.iss !== trust.issuer
          ? 'the assertion issuer is not trusted'
          : !audiences.some((aud) => aud === server.issuer || aud === server.tokenEndpoint)
            ? 'the assertion audience is not this authorization server'
            : typeof claims.exp !== 'number' || claims.exp <= now
              ? 'the assertion is expired'
              : !claims.jti || used.has(claims.jti)
                ? 'the assertion has no jti or was used before'
                : trust.subjects && !trust.subjects.includes(claims.sub)
                  ? 'the workload is not allowed'
                  : undefined;
      if (problem) {
        counts.refused++;
        throw new errors.InvalidGrant(problem);
      }
      used.add(claims.jti);
      counts.accepted++;
      const resource = params.resource ?? options.defaultResource;
      if (!resource) throw new errors.InvalidTarget('a resource is required');
      const info = resourceServerInfo(options, resource);
      const allowed = new Set(info.scope.split(' '));
      const scope = (params.scope ?? '')
        .split(' ')
        .filter((s) => allowed.has(s))
        .join(' ');
      const { AccessToken, Grant, ResourceServer } = ctx.oidc.provider;
      const grant = new Grant({ accountId: claims.sub, clientId: client.clientId });
      grant.addResourceScope(resource, scope);
      const token = new AccessToken({
        accountId: claims.sub,
        client,
        grantId: await grant.save(),
        gty: 'jwt_bearer',
        scope: scope || undefined,
      });
      token.resourceServer = new ResourceServer(resource, info);
      ctx.body = {
        access_token: await token.save(),
        token_type: 'Bearer',
        expires_in: token.expiration,
        ...(scope ? { scope } : {}),
      };
    },
    ['assertion', 'resource', 'scope'],
  );
}
