import { authorizationCode } from '@mcp-oauth/authorization-code';
import { memoryStore } from '@mcp-oauth/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { browser, startWorld } from './world.js';

let world: Awaited<ReturnType<typeof startWorld>> | undefined;
afterEach(() => world?.close());

/** A clock the test moves; long waits (the flow timeout) never end. */
function manualClock() {
  let now = Date.now();
  return {
    now: () => now,
    sleep: () => new Promise<void>(() => {}),
    advance: (ms: number) => (now += ms),
  };
}

async function loggedIn(expiresIn: unknown) {
  world = await startWorld({ expiresIn });
  const clock = manualClock();
  const auth = authorizationCode({
    server: { name: 'hostile', type: 'streamable-http', url: world.mcpUrl },
    store: memoryStore(),
    clock,
    openBrowser: browser().open,
  });
  await auth.authorize();
  const refreshes = () => world!.count('/token', 'POST') - 1;
  return { auth, clock, refreshes };
}

describe('odd lifetimes never refresh on every request', () => {
  for (const expiresIn of [null, '', true, -5, 0, 1e306, 'soon', { seconds: 60 }]) {
    it(`[H6] expires_in ${JSON.stringify(expiresIn)} is unknown: the token is used until rejected`, async () => {
      const { auth, clock, refreshes } = await loggedIn(expiresIn);
      const first = (await auth.tokens())?.access_token;
      for (let i = 0; i < 50; i++) {
        clock.advance(1_000);
        expect((await auth.tokens())?.access_token).toBe(first);
      }
      expect(refreshes()).toBe(0);
    });
  }

  it('[H6] a 60 s token used for two minutes of requests is renewed at half its lifetime, not on every request', async () => {
    const { auth, clock, refreshes } = await loggedIn(60);
    const seen = new Set<string>();
    for (let second = 0; second < 120; second++) {
      const token = (await auth.tokens())?.access_token;
      expect(token && world!.issued.has(token)).toBe(true);
      seen.add(token!);
      clock.advance(1_000);
    }
    // One renewal per 30 s (half of 60 s) at most, against 120 with a 300 s window.
    expect(refreshes()).toBeGreaterThanOrEqual(1);
    expect(refreshes()).toBeLessThanOrEqual(4);
    expect(seen.size).toBe(refreshes() + 1);
  });
});
