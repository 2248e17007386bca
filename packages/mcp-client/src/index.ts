export type { AuthorizeLoopOptions } from '@mcp-oauth/oauth';
export { dpopFetch } from '@mcp-oauth/oauth';
export { authProvider } from './auth-provider.js';
export { connect, withAuthorization } from './connect.js';
export { AuthorizationRequiredError, isAuthorizationRequired } from './errors.js';
