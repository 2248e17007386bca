export type { ClientAuthMethod } from './client-auth.js';
export { basicAuthorization, chooseClientAuth, revocationClientAuth } from './client-auth.js';
export { afterSignOut } from './local.js';
export type { RevocationOutcome, RevocationRequest, TokenTypeHint } from './request.js';
export { sendRevocation } from './request.js';
export type { RevokeOptions } from './revoke.js';
export { revoke } from './revoke.js';
export { signOut } from './sign-out.js';
