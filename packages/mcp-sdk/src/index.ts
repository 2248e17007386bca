export type { AuthorizeLoopOptions } from '@mcp-oauth/oauth';
export type { SdkAuth } from './connect.js';
export { connect, sdkAuth, withAuthorization } from './connect.js';
export { AuthorizationRequiredError, isAuthorizationRequired } from './errors.js';
export { StrategyProvider } from './provider.js';
export { authFetch } from './transport-fetch.js';
