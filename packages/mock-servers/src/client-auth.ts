import { assertedClientId, CLIENT_ASSERTION_TYPE, clientAssertionProblem } from './assertions.js';
import type { RegisteredClient } from './clients.js';
import type { MockContext } from './context.js';
import { basicCredentials, type Incoming } from './http.js';
import type { TokenFailure } from './oauth-errors.js';

/** @internal The authenticated client, or why authentication failed. */
export type ClientAuthResult =
  | { readonly client: RegisteredClient; readonly failure?: undefined }
  | { readonly client?: undefined; readonly failure: TokenFailure };

/**
 * Authenticates the client of a token or revocation request by its
 * registered method (RFC 6749 §2.3): `client_secret_basic` needs the Basic
 * header, `client_secret_post` the body fields, `private_key_jwt` a signed
 * client assertion (RFC 7523 §2.2), `none` only `client_id`. Using two
 * methods at once is refused (RFC 6749 §2.3).
 */
export async function authenticateClient(
  context: MockContext,
  { request, params }: Incoming,
): Promise<ClientAuthResult> {
  const basic = basicCredentials(request);
  const fail = (description: string, reason?: 'secret'): ClientAuthResult => ({
    failure: {
      error: 'invalid_client',
      description,
      grantType: params.grant_type,
      basic: !!basic,
      ...(reason ? { reason } : {}),
    },
  });
  const assertion = params.client_assertion;
  const assertionType = params.client_assertion_type;
  if (
    (basic && params.client_secret !== undefined) ||
    ((assertion !== undefined || assertionType !== undefined) &&
      (basic || params.client_secret !== undefined))
  ) {
    return {
      failure: {
        error: 'invalid_request',
        description: 'more than one client authentication method',
        grantType: params.grant_type,
      },
    };
  }
  if (basic && params.client_id !== undefined && params.client_id !== basic.clientId) {
    return fail('client_id in the body differs from the Basic credentials');
  }
  const clientId = basic?.clientId ?? params.client_id ?? assertedClientId(assertion);
  const client = await context.clients.resolve(clientId, context.quirks.clientIdMetadataDocuments);
  if (!client) return fail(`client not found: ${clientId ?? '(no client_id)'}`);
  if (assertion !== undefined || assertionType !== undefined) {
    if (client.token_endpoint_auth_method !== 'private_key_jwt') {
      return fail('client assertion from a client not registered for private_key_jwt');
    }
    if (assertionType !== CLIENT_ASSERTION_TYPE || !assertion) {
      return fail(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    }
    const problem = await clientAssertionProblem(context, client, assertion);
    return problem ? fail(problem) : { client };
  }
  switch (client.token_endpoint_auth_method) {
    case 'client_secret_basic':
      if (!basic) return fail('client_secret_basic required');
      if (basic.clientSecret !== client.client_secret) return fail('bad client secret', 'secret');
      break;
    case 'client_secret_post':
      if (basic || params.client_secret === undefined) return fail('client_secret_post required');
      if (params.client_secret !== client.client_secret) return fail('bad client secret', 'secret');
      break;
    case 'private_key_jwt':
      return fail('private_key_jwt required');
    default:
      if (basic || params.client_secret !== undefined) {
        return fail('public client must not send a client secret');
      }
  }
  return { client };
}
