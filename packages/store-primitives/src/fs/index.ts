// Node-only pieces the file and keychain stores share, apart from the main
// entry so that it stays runtime-agnostic and small. The key and lock-name
// checks are here too, so a Node store loads one module of this package.
export { assertLockName, assertStoreKey } from '../store-key.js';
export type { NameWatch } from './changed.js';
export { fileChanged, pauseUntilChanged, watchName } from './changed.js';
export type { StaleLockEvent } from './events.js';
export { emit } from './events.js';
export type { FileLock, FileLockOptions } from './file-lock.js';
export { fileLock } from './file-lock.js';
export { errnoCode, storeErrorFrom, symlinkRefused } from './fs-errors.js';
export type { HeldLock } from './held-locks.js';
export { assertLocksHeld, heldLocks, lockLost, outsideHeldLocks } from './held-locks.js';
export { nodeCrypto } from './node-crypto.js';
export { sweepOrphanTemps, TEMP_SUFFIX } from './orphan-temps.js';
export { defaultStoreDir, hashName } from './paths.js';
export { ensurePrivateDir } from './private-dir.js';
