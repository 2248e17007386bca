import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASSERTION_UNAVAILABLE,
  AssertionUnavailableError,
  callbackAssertion,
  envAssertion,
  fileAssertion,
  JWT_BEARER_GRANT,
  workloadIdentity,
} from '../src/index.js';
import { AS, jwt, MCP, oauthError, setup } from './support/fake-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'wif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW_S = 1_800_000_000;
const workloadJwt = (sub: string, exp = NOW_S + 3600) =>
  jwt({ iss: 'https://kubernetes.default.svc', sub, aud: AS, exp, iat: NOW_S });

describe('workloadIdentity(): the jwt-bearer grant', () => {
  it('[M4] sends the platform JWT as the assertion of the jwt-bearer grant, with the resource, and no client authentication', async () => {
    const s = setup();
    const assertion = workloadJwt('system:serviceaccount:jobs:reporter');
    const auth = s.workloadIdentity({ assertion: () => assertion, scope: 'reports:read' });
    expect(await auth.tokens()).toMatchObject({ token_type: 'Bearer' });
    const [request] = s.servers.tokenRequests();
    expect(Object.fromEntries(request!.params)).toEqual({
      grant_type: JWT_BEARER_GRANT,
      assertion,
      resource: MCP,
      scope: 'reports:read',
    });
    expect(request?.headers.get('authorization')).toBeNull();
    expect(auth.name).toBe('workload-identity');
  });

  it('[M4] with a client id, it is sent as client_id (or a stored or given secret authenticates the client)', async () => {
    const s = setup();
    const assertion = workloadJwt('workload');
    await s.workloadIdentity({ assertion: () => assertion, clientId: 'wif-client' }).tokens();
    expect(s.servers.tokenRequests()[0]?.params.get('client_id')).toBe('wif-client');
    const t = setup();
    await t
      .workloadIdentity({ assertion: () => assertion, clientId: 'wif-client', clientSecret: 'x' })
      .tokens();
    expect(t.servers.tokenRequests()[0]?.headers.get('authorization')).toMatch(/^Basic /);
  });

  it('[M4] a file is re-read for every grant, as Kubernetes rotates projected tokens', async () => {
    const s = setup();
    const path = join(dir, 'token');
    writeFileSync(path, `${workloadJwt('first')}\n`);
    const auth = s.workloadIdentity({ assertion: fileAssertion(path) });
    await auth.tokens();
    writeFileSync(path, workloadJwt('rotated'));
    s.clock.advance(3400_000);
    await auth.tokens();
    expect(s.servers.tokenRequests().map((r) => r.params.get('assertion'))).toEqual([
      workloadJwt('first'),
      workloadJwt('rotated'),
    ]);
  });

  it('[M4] an environment variable and a callback are read for every grant too', async () => {
    const s = setup();
    const env: Record<string, string> = { MCP_WORKLOAD_TOKEN: workloadJwt('env-1') };
    const auth = s.workloadIdentity({ assertion: envAssertion('MCP_WORKLOAD_TOKEN', env) });
    await auth.tokens();
    env.MCP_WORKLOAD_TOKEN = workloadJwt('env-2');
    await auth.authorize();
    let calls = 0;
    const t = setup();
    const other = t.workloadIdentity({
      assertion: callbackAssertion(async () => workloadJwt(`cb-${++calls}`), 'GitHub Actions OIDC'),
    });
    await other.tokens();
    await other.authorize();
    expect(s.servers.tokenRequests().map((r) => r.params.get('assertion'))).toEqual([
      workloadJwt('env-1'),
      workloadJwt('env-2'),
    ]);
    expect(t.servers.tokenRequests().map((r) => r.params.get('assertion'))).toEqual([
      workloadJwt('cb-1'),
      workloadJwt('cb-2'),
    ]);
  });

  it('[M4] the authorization server refusing the assertion is surfaced, not retried, and no other grant is tried', async () => {
    const s = setup();
    s.servers.tokenReplies = [oauthError('invalid_grant')];
    await expect(
      s.workloadIdentity({ assertion: () => workloadJwt('w') }).tokens(),
    ).rejects.toMatchObject({
      code: ErrorCode.OAuth,
      oauthError: 'invalid_grant',
    });
    expect(s.servers.tokenRequests().map((r) => r.params.get('grant_type'))).toEqual([
      JWT_BEARER_GRANT,
    ]);
    expect(s.events.at(-1)).toMatchObject({ reason: 'invalid_grant' });
  });
});

describe('workloadIdentity(): an assertion that cannot be used is a typed error naming its source', () => {
  const cases = [
    {
      name: 'a missing file',
      assertion: () => fileAssertion(join(dir, 'absent')),
      source: `file ${join(dir, 'absent')}`,
      problem: 'missing',
    },
    {
      name: 'an unset environment variable',
      assertion: () => envAssertion('MCP_WORKLOAD_TOKEN', {}),
      source: 'environment variable MCP_WORKLOAD_TOKEN',
      problem: 'missing',
    },
    {
      name: 'a callback that returns nothing',
      assertion: () => callbackAssertion(() => '', 'token service'),
      source: 'token service',
      problem: 'missing',
    },
    {
      name: 'a callback that throws',
      assertion: () =>
        callbackAssertion(() => {
          throw new Error('ACTIONS_ID_TOKEN_REQUEST_URL is not set');
        }),
      source: 'callback',
      problem: 'missing',
    },
    {
      name: 'a value that is not a JWT',
      assertion: () => () => 'not-a-jwt',
      source: 'callback',
      problem: 'malformed',
    },
    {
      name: 'an expired JWT',
      assertion: () => () => workloadJwt('old', NOW_S - 90),
      source: 'callback',
      problem: 'expired',
    },
  ] as const;
  for (const c of cases) {
    it(`[M4] ${c.name}: ASSERTION_UNAVAILABLE with problem ${c.problem}, no token request`, async () => {
      const s = setup();
      const error = await s
        .workloadIdentity({ assertion: c.assertion() })
        .tokens()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AssertionUnavailableError);
      expect(error).toBeInstanceOf(McpOAuthError);
      expect(error).toMatchObject({
        code: ASSERTION_UNAVAILABLE,
        source: c.source,
        problem: c.problem,
      });
      expect((error as Error).message).toContain(c.source);
      expect(s.servers.tokenRequests()).toEqual([]);
      expect(s.events.at(-1)).toMatchObject({ reason: 'no_client_info' });
    });
  }

  it('[M4] the expiry is decoded without verifying, and messages never carry the token', async () => {
    const s = setup();
    const expired = workloadJwt('old', NOW_S - 90);
    const error = (await s
      .workloadIdentity({ assertion: () => expired })
      .tokens()
      .catch((e) => e)) as Error;
    expect(error.message).toBe(
      'The workload token in the callback expired 90 s ago; the platform should have rotated it (is the token still mounted, or the callback fetching a new one?)',
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      expired.split('.')[1],
    );
  });

  it('[M4] an unreadable file (not a missing one) names the file and the cause', async () => {
    const s = setup();
    const error = await s
      .workloadIdentity({ assertion: fileAssertion(dir) })
      .tokens()
      .catch((e) => e);
    expect(error).toMatchObject({
      code: ASSERTION_UNAVAILABLE,
      source: `file ${dir}`,
      message: expect.stringContaining(`The workload token file ${dir} cannot be read (EISDIR)`),
    });
  });
});

describe('workloadIdentity(): options are checked up front', () => {
  const s = setup();
  const make = (options: Record<string, unknown>) => () =>
    workloadIdentity({ ...s.common, assertion: () => 'x', ...options } as never);

  it('[M4] the assertion source, and client credentials without a client id, are TypeErrors', () => {
    expect(make({ assertion: 'eyJ...' })).toThrow(
      'workloadIdentity() requires assertion: fileAssertion(path), envAssertion(name), callbackAssertion(fn) or a function returning the JWT',
    );
    expect(make({ clientSecret: 'x' })).toThrow(
      'requires clientId with clientSecret, privateKey or authMethod',
    );
    expect(make({ clientId: '' })).toThrow('requires clientId');
    expect(() => fileAssertion('')).toThrow('fileAssertion() requires the path');
    expect(() => envAssertion('')).toThrow('envAssertion() requires the name');
    expect(() => callbackAssertion('x' as never)).toThrow(
      'callbackAssertion() requires a function',
    );
  });
});
