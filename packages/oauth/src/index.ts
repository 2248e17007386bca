export type {
  AuthorizationRequired,
  AuthorizationRequiredClass,
  AuthorizationRequiredReason,
  AuthorizeLoopOptions,
} from './authorization-required.js';
export {
  AUTHORIZATION_REQUIRED,
  AuthorizationRequiredError,
  authorizationRequiredClass,
  isAuthorizationRequired,
  retryAfterAuthorization,
} from './authorization-required.js';
export type {
  ClientAssertionClaims,
  ClientAssertionSigner,
  ClientAuth,
  ClientAuthMethod,
  ClientAuthTarget,
} from './client-auth.js';
export {
  basicAuthorization,
  clientSecretBasic,
  clientSecretPost,
  noClientAuth,
  privateKeyJwt,
  selectClientAuth,
} from './client-auth.js';
export type { RuntimeContext } from './context.js';
export { createStrategyContext } from './context.js';
export {
  assertIssuingServer,
  bindingOf,
  discoverServer,
  metadataForRenewal,
} from './discovery-state.js';
export { dpopFetch, isResourceNonceChallenge, isTokenNonceChallenge } from './dpop.js';
export { failureFields, storeClientSecret } from './event-fields.js';
export { DEFAULT_REFRESH_WINDOW_MS, isSoonExpiring } from './expiry.js';
export { renewOrLogin, saveGrant } from './grant-record.js';
export { type HotPathDecision, hotPath, NEEDS_IO } from './hot-path.js';
export type { RetryingLockOptions } from './lock.js';
export { RENEWAL_HOLD_MS, refreshLockName, withRetryingLock } from './lock.js';
export type { StrategyOptions } from './options.js';
export { lockOf, MAX_SERVER_NAME_LENGTH, validateStrategyOptions } from './options.js';
export type { CredentialRequest } from './post.js';
export { postCredentials, postForJson, refuseRedirect } from './post.js';
export type { Refresher, RefreshingContext, RefreshOptions } from './refresh.js';
export { createRefresher, isTransient, RefreshFailure, withRefresher } from './refresh.js';
export { registerClient } from './registration.js';
export { insufficientScopeChallenge, lacksScope, scopeSet, unionScopes } from './scope.js';
export { readyTokens, refreshedTokens, storedTokens } from './stored-tokens.js';
export { applyTokenResponse, tokensOf } from './token-record.js';
export { requestToken } from './token-request.js';
export type { TokenResponseOptions } from './token-response.js';
export { lifetimeOf, parseTokenResponse } from './token-response.js';
