export type { EncryptionKey } from './codec.js';
export type {
  ConnectionLostEvent,
  ConnectionRestoredEvent,
  LockLostEvent,
  RedisStoreEvent,
  RedisStoreEventListener,
} from './events.js';
export type { RedisStore, RedisStoreOptions } from './redis-store.js';
export { redisStore } from './redis-store.js';
