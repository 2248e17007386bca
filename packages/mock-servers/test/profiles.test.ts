import { describe, expect, it } from 'vitest';
import { createMockEnvironment, profileNames, profiles, resolveQuirks } from '../src/index.js';
import { mock, useMsw } from './support.js';

useMsw();

describe('resolveQuirks', () => {
  it('applies profiles in order over the compliant defaults, then overrides, merging flaky', () => {
    const quirks = resolveQuirks(['slack', 'flaky', 'github'], {
      flaky: { mcp: [500] },
      advertiseIss: false,
    });
    expect(quirks.errorStyle).toBe('github');
    expect(quirks.formEncodedTokenResponses).toBe(true);
    expect(quirks.advertiseIss).toBe(false);
    expect(quirks.flaky).toEqual({
      token: [503, 429],
      'authorization-server-metadata': [500],
      mcp: [500],
    });
    expect(resolveQuirks().errorStyle).toBe('rfc6749');
  });

  it('throws a TypeError naming the valid profiles for an unknown one', () => {
    // @ts-expect-error an unknown profile name
    expect(() => createMockEnvironment({ profile: 'slak' })).toThrow(
      /Unknown mock profile 'slak'\. Use one of: compliant, legacy-2025-03-26/,
    );
  });

  it('profileNames lists every profile', () => {
    expect(profileNames).toEqual(Object.keys(profiles));
    expect(profileNames).toContain('rotating-refresh');
  });
});

describe('every profile', () => {
  it.each(profileNames)('%s: the MCP server challenges and the AS answers', async (profile) => {
    const env = mock({ profile });
    const challenge = await fetch(env.urls.mcp, { method: 'POST' });
    expect(challenge.status).toBe(401);
    const metadata = await fetch(env.urls.authorizationServerMetadata);
    expect(metadata.status).toBe(
      profile === 'legacy-2025-03-26-default-endpoints' ? 404 : profile === 'flaky' ? 500 : 200,
    );
    const tokens = env.authorizationServer.issueTokens();
    expect(env.authorizationServer.isActive(tokens.access_token)).toBe(true);
  });
});
