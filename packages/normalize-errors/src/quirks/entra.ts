import type { QuirkTable } from '../types.js';

const DEVICE_CODE = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code';
const AUTH_CODE = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow';

/**
 * Microsoft Entra ID (`login.microsoftonline.com`) answers with HTTP 400
 * and codes of its own: the device flow says `authorization_declined` where
 * RFC 8628 §3.5 says `access_denied`, and `bad_verification_code` for a
 * device code it does not know ({@link DEVICE_CODE}, "Expected errors");
 * the token endpoint answers a refresh that needs the user again with
 * `interaction_required` or `consent_required`, which its documentation
 * calls non-standard ({@link AUTH_CODE}, "Error codes for token endpoint
 * errors"); `invalid_resource`, "the target resource is invalid" in the
 * same table, is RFC 8707's `invalid_target`. The AADSTS code stays in
 * `error_description` (AADSTS9010010: see the `omitResource` option,
 * SPEC Q1).
 */
export const entraQuirks: QuirkTable = {
  name: 'entra',
  hosts: [
    'login.microsoftonline.com',
    'login.microsoftonline.us',
    'login.partner.microsoftonline.cn',
  ],
  errorResponses: true,
  aliases: {
    authorization_declined: { error: 'access_denied', source: DEVICE_CODE },
    bad_verification_code: { error: 'invalid_grant', source: DEVICE_CODE },
    interaction_required: { error: 'invalid_grant', source: AUTH_CODE },
    consent_required: { error: 'invalid_grant', source: AUTH_CODE },
    invalid_resource: { error: 'invalid_target', source: AUTH_CODE },
  },
};
