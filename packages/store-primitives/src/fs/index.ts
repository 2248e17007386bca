// Node-only pieces the file and keychain stores share, apart from the main
// entry so that it stays runtime-agnostic and small.
export { fileChanged, pauseUntilChanged } from './changed.js';
export type { StaleLockEvent } from './events.js';
export { emit } from './events.js';
export type { FileLock, FileLockOptions } from './file-lock.js';
export { fileLock } from './file-lock.js';
export { errnoCode, storeErrorFrom, symlinkRefused } from './fs-errors.js';
export type { HeldLock } from './held-locks.js';
export { assertLocksHeld, heldLocks, lockLost, outsideHeldLocks } from './held-locks.js';
export { sweepOrphanTemps, TEMP_SUFFIX } from './orphan-temps.js';
export { defaultStoreDir, hashName } from './paths.js';
export { ensurePrivateDir } from './private-dir.js';
