export type { AuthorizationServerMetadataOptions } from './authorization-server.js';
export {
  fetchAuthorizationServerMetadata,
  validateAuthorizationServerMetadata,
} from './authorization-server.js';
export type { DiscoverOptions, DiscoveryResult } from './discover.js';
export { discover } from './discover.js';
export type { ProtectedResourceAnswer, ProtectedResourceOptions } from './protected-resource.js';
export {
  fetchProtectedResourceMetadata,
  validateProtectedResourceMetadata,
} from './protected-resource.js';
export { canonicalResource, resourceMatches } from './resource.js';
export type { ScopeSource } from './scope.js';
export { scopeFromMetadata } from './scope.js';
export type { SecureUrlOptions } from './secure-url.js';
export { assertSecureUrl, isLoopbackHost } from './secure-url.js';
export type { DiscoveryState, ResolvedMetadata, ResolveMetadataOptions } from './state.js';
export { discoveryState, resolveMetadata } from './state.js';
export type {
  AuthorizationServerMetadata,
  ProtectedResourceMetadata,
  RequestOptions,
} from './types.js';
export {
  authorizationServerMetadataUrls,
  protectedResourceMetadataUrls,
} from './well-known.js';
export type { WwwAuthenticateParams } from './www-authenticate.js';
export { parseWwwAuthenticate } from './www-authenticate.js';
