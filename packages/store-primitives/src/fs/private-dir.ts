import { chmod, lstat, mkdir } from 'node:fs/promises';
import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { storeErrorFrom, symlinkRefused } from './fs-errors.js';

const POSIX = process.platform !== 'win32';

/**
 * Creates `path` (and its parents) with mode 0700 and checks that it is a real
 * folder owned by this user, tightening its mode to 0700 when it is looser
 * (SPEC ST3: records live in a folder nobody else can list or enter).
 */
export async function ensurePrivateDir(path: string): Promise<void> {
  try {
    // Most calls find the folder there: one lstat, and a mkdir only when it is missing.
    const stat = await lstat(path).catch(async (error: unknown) => {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      await mkdir(path, { recursive: true, mode: 0o700 });
      return lstat(path);
    });
    if (stat.isSymbolicLink()) throw symlinkRefused(path);
    if (!stat.isDirectory()) {
      throw new StoreError(ErrorCode.Store, `${path} exists and is not a folder; move it away.`);
    }
    if (!POSIX) return;
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new StoreError(
        ErrorCode.Store,
        `${path} belongs to uid ${stat.uid}, not to this user (uid ${uid}); refusing to keep credentials there.`,
      );
    }
    if ((stat.mode & 0o077) !== 0) await chmod(path, 0o700);
  } catch (error) {
    throw storeErrorFrom(error, 'prepare the folder', path);
  }
}
