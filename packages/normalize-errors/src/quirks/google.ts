import type { QuirkTable } from '../types.js';

const DEVICE = 'https://developers.google.com/identity/protocols/oauth2/limited-input-device';
const WEB = 'https://developers.google.com/identity/protocols/oauth2/web-server';

/**
 * Google (`oauth2.googleapis.com`) answers errors with 4xx and a few codes
 * of its own: `admin_policy_enforced` (a Workspace administrator's policy
 * forbids the scopes) and `org_internal` (the client is for one
 * organisation's users) where RFC 6749 says `access_denied`, and
 * `deleted_client` for a client that no longer exists ({@link DEVICE},
 * step 6, "Other errors": `admin_policy_enforced` 400, `org_internal` 403;
 * {@link WEB}, step 3, "Errors"). The device flow's
 * standard codes arrive with unusual statuses (`authorization_pending` with
 * 428, `slow_down` with 403), and its response names the address
 * `verification_url` ({@link DEVICE}, step 2; also
 * https://github.com/int128/kubelogin/pull/846);
 * `@mcp-oauth/device-code` reads both, keyed on the code, not the status.
 * A refresh token is only issued with `access_type=offline`, and only at
 * the first consent unless `prompt=consent` asks again ({@link WEB}, step 1):
 * the `authorizationParams` option (SPEC Q1).
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
