export type { WorkloadTokenOptions } from './assertions.js';
export { CLIENT_ASSERTION_TYPE } from './assertions.js';
export type { RegisteredClient } from './clients.js';
export { redirectUriAllowed } from './clients.js';
export { DPOP_ALGORITHMS } from './dpop.js';
export type {
  AuthorizationServerControl,
  IdpControl,
  IssueTokensOptions,
  McpServerControl,
  MockEnvironment,
  WorkloadPlatformControl,
} from './environment.js';
export { createMockEnvironment } from './environment.js';
export type { GrantInfo, TokenInfo, TokenResponseBody } from './grants.js';
export type { IdTokenOptions } from './idp.js';
export { ID_JAG_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE } from './idp.js';
export type { DecodedJwt } from './jwt.js';
export { decodeJwt } from './jwt.js';
export { TEST_TOOL } from './mcp-server.js';
export { JWT_BEARER, OTHER_ISSUER } from './metadata.js';
export type {
  ClientMetadata,
  IdpOptions,
  MockEnvironmentOptions,
  StaticClientOptions,
} from './options.js';
export { base64url, s256 } from './pkce.js';
export type { ProfileName } from './profiles.js';
export { profileNames, profiles, resolveQuirks } from './profiles.js';
export type {
  ClientAuthMethod,
  DPoPNonce,
  ErrorStyle,
  FlakyStep,
  MetadataBody,
  Quirks,
  RedirectStatus,
} from './quirks.js';
export type {
  EndpointName,
  RecordedRequest,
  RequestFilter,
  RequestLog,
  ServerKind,
} from './request-log.js';
export { STOLEN_TOKEN } from './thief.js';
export { ID_JAG_TYP } from './token-endpoint.js';
export type { MockUrls } from './urls.js';
export { wellKnownUrl } from './urls.js';
