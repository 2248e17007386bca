import type { QuirkTable } from '../types.js';

const MFA_REFRESH = 'https://github.com/auth0/auth0-react/issues/501';

/**
 * Auth0 (`*.auth0.com`, or a custom domain: spread the table with your
 * `hosts`) answers a refresh, or any grant, that needs multi-factor
 * authentication with HTTP 403 `{"error":"mfa_required","mfa_token":…}`
 * (https://github.com/auth0/auth0-java/issues/119; on refresh with rotating tokens, {@link MFA_REFRESH}
 * and https://github.com/auth0/Auth0.Android/issues/562). For an MCP client
 * only a new interactive login can satisfy it: `invalid_grant`, so the
 * stored refresh token is dropped and the user is asked to log in. Access
 * tokens for an API need its `audience` in the authorization (or device
 * authorization) request; without one Auth0 issues an encrypted token for
 * its /userinfo only (https://github.com/auth0/nextjs-auth0/issues/1809):
 * the `authorizationParams` option (SPEC Q1).
 */
export const auth0Quirks: QuirkTable = {
  name: 'auth0',
  hosts: ['auth0.com'],
  errorResponses: true,
  aliases: {
    mfa_required: { error: 'invalid_grant', source: MFA_REFRESH },
  },
};
