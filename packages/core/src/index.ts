export type { CachedStoreOptions } from './cached-store.js';
export { cachedStore } from './cached-store.js';
export type { Clock } from './clock.js';
export { systemClock, unref } from './clock.js';
export type {
  DPoPErrorCode,
  DPoPOption,
  DPoPProver,
  DPoPRequest,
  DPoPTarget,
} from './dpop.js';
export type { CrossAppAccessStage, McpOAuthErrorOptions } from './errors.js';
export {
  AuthenticationCancelledError,
  AuthenticationTimeoutError,
  ErrorCode,
  ExchangeError,
  IssuerMismatchError,
  McpOAuthError,
  OAuthResponseError,
  StateMismatchError,
  StoreError,
} from './errors.js';
export type {
  AuthEvent,
  AuthorizationEvent,
  AuthorizationReason,
  CrossAppAccessEvent,
  EventSink,
  Logger,
  RefreshEvent,
  RefreshReason,
  RevocationEvent,
} from './events.js';
export {
  AuthorizationReasons,
  CrossAppAccessStages,
  RefreshReasons,
  safeLogger,
} from './events.js';
export type { FetchLike, OAuthErrorBody, OAuthFetchOptions } from './fetch.js';
export { createOAuthFetch, isOAuthErrorBody, readJson, readOAuthJson } from './fetch.js';
export type {
  ClientInformation,
  IdTokenRecord,
  IdTokenView,
  InvalidationScope,
  SecretView,
  ServerRecord,
  ServerRecords,
  TokenResponse,
  Tokens,
} from './records.js';
export {
  applyTokens,
  clientSecrets,
  idTokens,
  invalidateRecord,
  needsLogin,
  StoreKeys,
  serverRecords,
  toTokens,
} from './records.js';
export { REDACTED, redact, redactText, redactUrl } from './redact.js';
export type { ServerIdentity } from './server-key.js';
export { canonicalJson, serverKey } from './server-key.js';
export type {
  Awaitable,
  JsonObject,
  JsonValue,
  Lock,
  LockOptions,
  ReadOptions,
  Store,
  StoreCapabilities,
  Updater,
} from './store.js';
export type {
  CallOptions,
  ChallengeOutcome,
  LogoutOptions,
  ResourceChallenge,
  Strategy,
  StrategyContext,
} from './strategy.js';
