// The mutex moved to @mcp-oauth/store-primitives; re-exported so existing imports keep working.
export { createMutex } from '@mcp-oauth/store-primitives';
export type { MemoryStore, MemoryStoreOptions } from './memory-store.js';
export { memoryStore } from './memory-store.js';
