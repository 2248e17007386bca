import type { QuirkTable } from '../types.js';

const DEVICE = 'https://developers.google.com/identity/protocols/oauth2/limited-input-device';
const WEB = 'https://developers.google.com/identity/protocols/oauth2/web-server';

/**
 * Google (`oauth2.googleapis.com`) answers errors with 4xx and a few codes
 * of its own: `admin_policy_enforced` (a Workspace administrator's policy
 * forbids the scopes) and `org_internal` (the client is for one
 * organisation's users) where RFC 6749 says `access_denied`, and
 * `deleted_client` for a client that no longer exists ({@link DEVICE},
 * "Errors"; {@link WEB}, "Authorization errors"). The device flow's
 * standard codes arrive with unusual statuses (`authorization_pending` with
 * 428, `slow_down` with 403), and its response names the address
 * `verification_url` (also https://github.com/cli/oauth/pull/24);
 * `@mcp-oauth/device-code` reads both, keyed on the code, not the status.
 * A refresh token is only issued with `access_type=offline` (and again
 * with `prompt=consent`): the `authorizationParams` option (SPEC Q1).
 */
export const googleQuirks: QuirkTable = {
  name: 'google',
  hosts: ['googleapis.com', 'accounts.google.com'],
  errorResponses: true,
  aliases: {
    admin_policy_enforced: { error: 'access_denied', source: DEVICE },
    org_internal: { error: 'access_denied', source: DEVICE },
    deleted_client: { error: 'invalid_client', source: WEB },
  },
};
