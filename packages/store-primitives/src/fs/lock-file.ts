import { link, lstat, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errnoCode } from './fs-errors.js';
import { nodeCrypto } from './node-crypto.js';
import { TEMP_SUFFIX } from './orphan-temps.js';

/** What a lock file says about its holder. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** A lock on the lock-breaking step itself older than this is abandoned. */
const BREAKER_STALE_MS = 2_000;
/** A lock file with no readable owner older than this is abandoned. */
const ORPHAN_LOCK_MS = 1_000;

/**
 * Creates the lock file exclusively, with its content already in place:
 * the owner is written to a temporary file that is then hard-linked to the
 * lock path (link fails with EEXIST when the lock exists). A holder killed
 * between creating and writing a lock file would otherwise leave an empty
 * lock that no PID check can clear. File systems without hard links fall
 * back to `open(O_CREAT|O_EXCL)`. Resolves `false` when the lock exists.
 */
export async function createLockFile(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
  return createExclusive(path, content);
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw error;
  }
  await handle.close();
  return true;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof owner.pid === 'number' &&
      typeof owner.host === 'string' &&
      typeof owner.token === 'string'
    ) {
      return owner as LockOwner;
    }
  } catch {}
  return undefined;
}

/** The holder named in a lock file; `undefined` while it is being written or when unreadable. */
export async function readOwner(path: string): Promise<LockOwner | undefined> {
  return parseOwner(await readFile(path, 'utf8').catch(() => ''));
}

/** Whether the lock file at `path` is the one taken with `token`. */
export async function isOwner(path: string, token: string): Promise<boolean> {
  return (await readOwner(path))?.token === token;
}

/**
 * Heartbeat: bumps the lock file's mtime so others see a live holder, if it
 * is still ours. A holder frozen past the stale timeout wakes up to find its
 * lock broken and perhaps retaken: it must not keep another holder's lock
 * alive (SPEC H8). The check and the bump go through one open handle, so a
 * file swapped in between is never touched. Resolves `false` once the lock
 * is someone else's or gone; other failures are not a verdict (`true`).
 */
export async function refreshIfOwner(path: string, token: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // r+: Windows sets times only through a handle opened for writing.
    handle = await open(path, 'r+');
  } catch (error) {
    return errnoCode(error) !== 'ENOENT';
  }
  try {
    if (parseOwner(await handle.readFile('utf8'))?.token !== token) return false;
    const now = new Date();
    await handle.utimes(now, now);
  } catch {
  } finally {
    await handle.close().catch(() => {});
  }
  return true;
}

/** Removes the lock file if it is still ours (a frozen holder's lock may have been broken and retaken). */
export async function removeIfOwner(path: string, token: string): Promise<void> {
  if (await isOwner(path, token)) await unlink(path);
}

/** Whether a process with this PID exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}

interface StaleCheck {
  readonly now: number;
  readonly staleMs: number;
  readonly host: string;
  /** Whether this process holds the lock with that token right now. */
  readonly ownedByUs: (token: string) => boolean;
}

type Staleness = 'dead_process' | 'expired' | undefined;

async function staleness(path: string, check: StaleCheck) {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { reason: undefined, ino: -1 };
    throw error;
  }
  const owner = await readOwner(path);
  let reason: Staleness;
  if (owner && owner.host === check.host) {
    // Our own PID on a lock we do not hold: a previous process with the same
    // PID (PID reuse after a crash) left it.
    const dead =
      owner.pid === process.pid ? !check.ownedByUs(owner.token) : !processAlive(owner.pid);
    if (dead) reason = 'dead_process';
  }
  // A lock without a readable owner can only come from the open() fallback
  // with its writer killed in between; it is abandoned after a second.
  const maxAge = owner ? check.staleMs : Math.min(check.staleMs, ORPHAN_LOCK_MS);
  if (!reason && check.now - stat.mtimeMs > maxAge) reason = 'expired';
  return { reason, ino: stat.ino };
}

/**
 * Removes the lock file at `path` if its holder is dead or it expired.
 * Two waiters may judge the same lock stale; if both simply unlinked, the
 * second could remove the lock the first just took. So breaking takes a
 * short-lived breaker lock and re-checks under it: only a lock that is still
 * the same stale file is removed.
 */
export async function breakIfStale(path: string, check: StaleCheck): Promise<Staleness> {
  const first = await staleness(path, check);
  if (!first.reason) return undefined;
  const breaker = `${path}.break`;
  const content = JSON.stringify({ pid: process.pid, host: hostname(), token: 'breaker' });
  if (!(await createLockFile(breaker, content).catch(() => false))) {
    // Another process is breaking it; clear its breaker only if that one died.
    const stat = await lstat(breaker).catch(() => undefined);
    if (stat && check.now - stat.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => {});
    return undefined;
  }
  try {
    const again = await staleness(path, check);
    if (!again.reason || again.ino !== first.ino) return undefined;
    await unlink(path).catch((error) => {
      if (errnoCode(error) !== 'ENOENT') throw error;
    });
    return again.reason;
  } finally {
    await unlink(breaker).catch(() => {});
  }
}
