export { storeClientSecret } from '@mcp-oauth/oauth';
export type { AssertionProblem, AssertionSource } from './assertion.js';
export {
  ASSERTION_UNAVAILABLE,
  AssertionUnavailableError,
  callbackAssertion,
  envAssertion,
  fileAssertion,
} from './assertion.js';
export { CLIENT_CREDENTIALS_EXTENSION, clientCredentialsCapabilities } from './capabilities.js';
export type {
  AssertionOption,
  ClientAuthenticationOptions,
  ClientCredentialsOptions,
  MachineAuthMethod,
  MachineOptions,
  WorkloadIdentityOptions,
} from './options.js';
export { storeClientKey } from './secrets.js';
export type { PrivateJwk, PrivateKeyInput, SigningAlgorithm } from './signing-key.js';
export type { MachineStrategy } from './strategy.js';
export { clientCredentials, JWT_BEARER_GRANT, workloadIdentity } from './strategy.js';
