/// Test support: oidc-provider as the authorization server (client
/// credentials for pre-registered clients, a jwt-bearer grant trusting a test
/// workload platform) and the MCP SDK's server accepting its tokens.
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { JWT_BEARER_GRANT } from '../../src/index.js';

export const PLATFORM = 'https://kubernetes.default.svc.cluster.local';
export const WORKLOAD = 'system:serviceaccount:jobs:reporter';

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicJwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid });

/** The machine clients registered at the authorization server. */
export const keys = {
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ed: generateKeyPairSync('ed25519'),
};
export const clients = {
  basic: { id: 'job-basic', secret: 'basic-secret' },
  post: { id: 'job-post', secret: 'post-secret' },
  es256: { id: 'job-es256', privateKey: pem(keys.ec.privateKey) },
  rs256: { id: 'job-rs256', privateKey: keys.rsa.privateKey.export({ format: 'jwk' }) },
  eddsa: { id: 'job-eddsa', privateKey: pem(keys.ed.privateKey) },
  workload: { id: 'workload' },
};

const platform = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** A workload JWT as the platform issues it (ES256), for `audience`, expiring in `seconds`. */
export function platformToken(audience: string, seconds = 600, sub = WORKLOAD): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${part({ alg: 'ES256', kid: 'platform', typ: 'JWT' })}.${part({
    iss: PLATFORM,
    sub,
    aud: audience,
    iat: now,
    exp: now + seconds,
    jti: randomUUID(),
  })}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: platform.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

interface TokenModel {
  find(token: string): Promise<{ destroy(): Promise<void> } | undefined>;
}

export interface MachineServers {
  as: AuthorizationServer;
  mcp: McpTestServer;
  /** True when the MCP server would accept the token now. */
  valid(token: string): Promise<boolean>;
  /** The AS forgets a client credentials token, as after a revocation: the MCP server answers 401. */
  forget(token: string): Promise<void>;
  close(): Promise<void>;
}

const machine = (id: string, fields: Record<string, unknown>) => ({
  client_id: id,
  redirect_uris: [],
  response_types: [],
  grant_types: ['client_credentials'],
  ...fields,
});

export async function startMachineServers(): Promise<MachineServers> {
  const as = await startAuthorizationServer({
    accessTokenFormat: 'opaque',
    clientCredentials: true,
    workloadIdentity: { issuer: PLATFORM, keys: [publicJwk(platform.publicKey, 'platform')] },
    clients: [
      machine(clients.basic.id, {
        client_secret: clients.basic.secret,
        token_endpoint_auth_method: 'client_secret_basic',
      }),
      machine(clients.post.id, {
        client_secret: clients.post.secret,
        token_endpoint_auth_method: 'client_secret_post',
      }),
      ...(
        [
          [clients.es256.id, keys.ec, 'ES256'],
          [clients.rs256.id, keys.rsa, 'RS256'],
          [clients.eddsa.id, keys.ed, 'EdDSA'],
        ] as const
      ).map(([id, pair, alg]) =>
        machine(id, {
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: alg,
          jwks: { keys: [publicJwk(pair.publicKey, `${id}-key`)] },
        }),
      ),
      machine(clients.workload.id, {
        grant_types: [JWT_BEARER_GRANT],
        token_endpoint_auth_method: 'none',
      }),
    ],
  });
  let mcp: McpTestServer | undefined;
  const valid = async (token: string) =>
    !!(await as.verifyAccessToken(token, { resource: mcp?.url as string }));
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => ((await valid(token)) ? { scopes: ['mcp:tools'] } : undefined),
  });
  const started = mcp;
  return {
    as,
    mcp: started,
    valid,
    forget: async (token) => {
      const model = (as.provider as unknown as { ClientCredentials: TokenModel }).ClientCredentials;
      await (await model.find(token))?.destroy();
    },
    close: async () => {
      await Promise.all([started.close(), as.close()]);
    },
  };
}
