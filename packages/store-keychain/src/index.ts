export type { KeychainBackend, OsKeychainOptions } from './backend.js';
export { osKeychain } from './backend.js';
export { MAX_ENTRY_CHARS } from './chunks.js';
export type {
  KeychainCorruptEvent,
  KeychainStoreEvent,
  KeychainStoreEventListener,
} from './events.js';
export type { KeychainStore, KeychainStoreOptions } from './keychain-store.js';
export { keychainStore } from './keychain-store.js';
