export { CLIENT_METADATA_URL_ENV } from './client.js';
export type { AuthorizationCodeOptions } from './options.js';
export { STABLE_PORT_RANGE, stableCallbackPort } from './options.js';
export type { AuthorizationCodeStrategy } from './strategy.js';
export { authorizationCode } from './strategy.js';
