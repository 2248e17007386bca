/** RFC 8693 token exchange grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 7523 JWT bearer grant type. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Token type of an identity assertion JWT authorization grant (ID-JAG). */
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
/** RFC 8693 token type of an OpenID Connect id_token. */
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
