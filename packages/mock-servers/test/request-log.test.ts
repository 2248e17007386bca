import { describe, expect, it } from 'vitest';
import { basic, form, mock, rpc, useMsw } from './support.js';

useMsw();

describe('requests (the request log)', () => {
  it('records server, endpoint, method, url, params and status of every request', async () => {
    const env = mock();
    await fetch(`${env.urls.authorization}?client_id=nobody&state=s1`, { redirect: 'manual' });
    const [entry] = env.requests.all();
    expect(entry).toMatchObject({
      server: 'authorization-server',
      endpoint: 'authorize',
      method: 'GET',
      url: 'https://auth.example.com/authorize?client_id=nobody&state=s1',
      params: { client_id: 'nobody', state: 's1' },
      status: 400,
      clientAuth: 'none',
    });
  });

  it('redacts the Authorization header but keeps its scheme', async () => {
    const env = mock();
    await rpc(env, 'tools/list', {}, 'secret-token');
    await fetch(
      env.urls.token,
      form({ grant_type: 'refresh_token' }, { authorization: basic('a', 'b') }),
    );
    const [mcp, token] = env.requests.all();
    expect(mcp?.headers.authorization).toBe('Bearer [REDACTED]');
    expect(mcp?.clientAuth).toBe('bearer');
    expect(token?.headers.authorization).toBe('Basic [REDACTED]');
    expect(token?.clientAuth).toBe('basic');
    expect(JSON.stringify(env.requests.all())).not.toContain('secret-token');
  });

  it('parses form bodies into params and JSON bodies into body', async () => {
    const env = mock();
    await fetch(env.urls.token, form({ grant_type: 'x', client_id: 'c', client_secret: 's' }));
    await rpc(env, 'tools/list');
    expect(env.requests.last('token')?.params).toEqual({
      grant_type: 'x',
      client_id: 'c',
      client_secret: 's',
    });
    expect(env.requests.last('token')?.clientAuth).toBe('post');
    expect(env.requests.last('mcp')?.body).toMatchObject({ method: 'tools/list' });
  });

  it('counts and filters by endpoint name, partial match or predicate', async () => {
    const env = mock();
    await rpc(env, 'tools/list');
    await rpc(env, 'tools/list');
    await fetch(env.urls.resourceMetadata);
    expect(env.requests.count()).toBe(3);
    expect(env.requests.count('mcp')).toBe(2);
    expect(env.requests.count({ server: 'mcp', status: 200 })).toBe(1);
    expect(env.requests.filter((r) => r.status === 401)).toHaveLength(2);
    expect(env.requests.last()?.endpoint).toBe('protected-resource-metadata');
    expect(env.requests.last('token')).toBeUndefined();
  });

  it('records unknown URLs on mocked origins as not-found with 404', async () => {
    const env = mock();
    const response = await fetch('https://mcp.example.com/.well-known/oauth-protected-resource');
    expect(response.status).toBe(404);
    expect(env.requests.filter('not-found')).toMatchObject([{ server: 'mcp', status: 404 }]);
  });

  it('clear() and reset() forget every request', async () => {
    const env = mock();
    await rpc(env, 'tools/list');
    env.requests.clear();
    expect(env.requests.count()).toBe(0);
    await rpc(env, 'tools/list');
    env.reset();
    expect(env.requests.all()).toEqual([]);
  });
});
