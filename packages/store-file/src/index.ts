// The file lock and the default folder live in @mcp-oauth/store-primitives/fs,
// shared with the keychain store; re-exported so existing imports keep working.
export type { FileLock, FileLockOptions } from '@mcp-oauth/store-primitives/fs';
export { defaultStoreDir, fileLock } from '@mcp-oauth/store-primitives/fs';
export type {
  CorruptRecordEvent,
  FileStoreEvent,
  FileStoreEventListener,
  StaleLockEvent,
} from './events.js';
export type { FileStore, FileStoreOptions } from './file-store.js';
export { fileStore } from './file-store.js';
