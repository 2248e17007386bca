export { type CallChainValue, type CallChainValueOptions, callChainValue } from './call-chain.js';
export { createMutex, DEFAULT_LOCK_TIMEOUT_MS, lockUnavailable } from './mutex.js';
export { assertLockName, assertStoreKey, MAX_STORE_KEY_LENGTH } from './store-key.js';
