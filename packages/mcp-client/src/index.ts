export { authProvider } from './auth-provider.js';
export type { AuthorizeLoopOptions } from './connect.js';
export { connect, withAuthorization } from './connect.js';
export { AuthorizationRequiredError, isAuthorizationRequired } from './errors.js';
