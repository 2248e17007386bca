import { authorizationCode } from '@mcp-oauth/authorization-code';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser, json, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>>;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

describe('only literal loopback addresses and localhost get plain http', () => {
  for (const host of ['evil.localhost', 'app.localhost', 'localhost.example.com']) {
    it(`[H3] a token endpoint at http://${host} is refused before the code, verifier or secret is sent`, async () => {
      const port = new URL(world.url).port;
      world.routes['/.well-known/oauth-authorization-server'] = (_req, res) =>
        json(res, 200, {
          issuer: world.url,
          authorization_endpoint: `${world.url}/authorize`,
          token_endpoint: `http://${host}:${port}/token`,
          registration_endpoint: `${world.url}/register`,
          code_challenge_methods_supported: ['S256'],
        });
      const hosts: string[] = [];
      const auth = authorizationCode({
        server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
        store: memoryStore(),
        clientId: 'pre-registered',
        clientSecret: 'the-secret',
        openBrowser: browser().open,
        // Whatever a resolver would do with the name, nothing may be sent to it.
        fetch: async (input, init) => {
          hosts.push(new URL(String(input instanceof Request ? input.url : input)).hostname);
          return fetch(input, init);
        },
      });
      await expect(auth.authorize()).rejects.toMatchObject({ code: 'INSECURE_URL' });
      expect(hosts).not.toContain(host);
      expect(world.count('/token')).toBe(0);
    });
  }
});
