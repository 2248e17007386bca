export type { MemoryStore, MemoryStoreOptions } from './memory-store.js';
export { memoryStore } from './memory-store.js';
export { createMutex } from './mutex.js';
