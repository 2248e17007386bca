import { constants, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  errnoCode,
  nodeCrypto,
  storeErrorFrom,
  symlinkRefused,
  TEMP_SUFFIX,
} from '@mcp-oauth/store-primitives/fs';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Writes `data` to `path` so that a crash at any instant leaves either the
 * old or the new file, never a truncated one (SPEC ST3). Other MCP clients
 * truncate the token file and write in place; two concurrent writers, or one
 * killed mid-write, then leave half a JSON document. Steps: write a unique
 * temporary file beside it (mode 0600), fsync it, rename it over the target,
 * fsync the folder so the rename itself survives a power loss.
 * `beforeRename` may refuse the write by throwing; the target is then untouched.
 * @internal
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  beforeRename?: () => Promise<void>,
): Promise<void> {
  const dir = dirname(path);
  const temp = join(
    dir,
    `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  try {
    const handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
      0o600,
    );
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // rename() would replace a link, not follow it, but a link there means
    // someone is tampering: refuse loudly instead (SPEC ST6).
    if (await isSymlink(path)) throw symlinkRefused(path);
    // Last, as close to the rename as can be: the write is ready, and the
    // caller checks it may still commit it (SPEC H8).
    await beforeRename?.();
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw storeErrorFrom(error, 'write', path);
  }
  await fsyncDir(dir);
}

/** Removes `path` and makes the removal durable; resolves whether it existed. @internal */
export async function unlinkDurable(path: string): Promise<boolean> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw storeErrorFrom(error, 'delete', path);
  }
  await fsyncDir(dirname(path));
  return true;
}

/** Whether a symbolic link sits at `path`. @internal */
export async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Flushes a folder's entries to disk, so a completed rename or unlink is not
 * undone by a power loss. Windows and some file systems cannot open or sync
 * folders; there the rename is as durable as the platform allows.
 * @internal
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP') {
      throw storeErrorFrom(error, 'sync the folder', dir);
    }
  } finally {
    await handle?.close();
  }
}
