import type { QuirkTable } from '../types.js';

const METHOD = 'https://docs.slack.dev/reference/methods/oauth.v2.access';
const ROTATION = 'https://docs.slack.dev/authentication/using-token-rotation';

/**
 * Slack answers every Web API call, `oauth.v2.access` included, with HTTP
 * 200 and `{"ok": false, "error": "<code>"}` on failure
 * (https://docs.slack.dev/apis/web-api/#responses), using its own codes.
 */
export const slackQuirks: QuirkTable = {
  name: 'slack',
  aliases: {
    invalid_refresh_token: { error: 'invalid_grant', source: ROTATION },
    invalid_code: { error: 'invalid_grant', source: METHOD },
    bad_redirect_uri: { error: 'invalid_grant', source: METHOD },
    token_expired: { error: 'invalid_grant', source: ROTATION },
    token_revoked: { error: 'invalid_grant', source: METHOD },
    invalid_client_id: { error: 'invalid_client', source: METHOD },
    bad_client_secret: { error: 'invalid_client', source: METHOD },
    invalid_grant_type: { error: 'unsupported_grant_type', source: METHOD },
  },
};
