export { storeClientSecret } from '@mcp-oauth/oauth';
export { shouldClearIdToken } from './exchange-error.js';
export type { IdpConnection, IdpConnectionOptions } from './idp-connection.js';
export { idpConnection } from './idp-connection.js';
export type { CrossAppAccessOptions } from './options.js';
export { storeIdpClientSecret } from './secrets.js';
export type { CrossAppAccessStrategy } from './strategy.js';
export { crossAppAccess } from './strategy.js';
export {
  ID_JAG_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
} from './token-types.js';
