import type { QuirkTable } from './types.js';

/**
 * The aliases every normalised fetch applies (SPEC N4): codes seen in the
 * wild for a refresh token or grant that is no longer valid, which RFC 6749
 * §5.2 calls `invalid_grant`.
 */
export const standardAliases: QuirkTable = {
  name: 'standard',
  aliases: {
    invalid_refresh_token: {
      error: 'invalid_grant',
      source: 'SPEC N4; Slack oauth.v2.access with token rotation',
    },
    expired_refresh_token: { error: 'invalid_grant', source: 'SPEC N4' },
    token_expired: { error: 'invalid_grant', source: 'SPEC N4; Slack Web API common errors' },
  },
};
