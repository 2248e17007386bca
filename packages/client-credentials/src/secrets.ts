import { type JsonObject, type ServerIdentity, type Store, serverKey } from '@mcp-oauth/core';
import { type PrivateKeyInput, parseSigningKey } from './signing-key.js';

/** Store key of a server's client private key (next to its client secret, SPEC C6). */
export const clientKeyKey = (key: string): string => `client-key:${key}`;

/**
 * Saves the `private_key_jwt` private key (PEM text or a private JWK) of a
 * server's machine client where `clientCredentials()` looks for it (SPEC M1).
 */
export async function storeClientKey(
  store: Store,
  server: ServerIdentity,
  key: PrivateKeyInput,
): Promise<void> {
  parseSigningKey(key, {}, 'storeClientKey() key');
  await store.set(
    clientKeyKey(await serverKey(server)),
    typeof key === 'string' ? key : (JSON.parse(JSON.stringify(key)) as JsonObject),
  );
}
