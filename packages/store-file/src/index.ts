export type {
  CorruptRecordEvent,
  FileStoreEvent,
  FileStoreEventListener,
  StaleLockEvent,
} from './events.js';
export type { FileLock, FileLockOptions } from './file-lock.js';
export { fileLock } from './file-lock.js';
export type { FileStore, FileStoreOptions } from './file-store.js';
export { fileStore } from './file-store.js';
export { defaultStoreDir } from './paths.js';
