// Re-exported so a cross-app client needs one import for the SDK's "log in, then reconnect" signal.
export { AuthorizationRequiredError, isAuthorizationRequired } from '@mcp-oauth/authorization-code';
export { shouldClearIdToken } from './exchange-error.js';
export type { IdpConnection, IdpConnectionOptions } from './idp-connection.js';
export { idpConnection } from './idp-connection.js';
export type { CrossAppAccessOptions } from './options.js';
export { CrossAppAccessProvider } from './provider.js';
export { storeClientSecret, storeIdpClientSecret } from './secrets.js';
export type { CrossAppAccessStrategy } from './strategy.js';
export { crossAppAccess } from './strategy.js';
export {
  ID_JAG_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
} from './token-types.js';
