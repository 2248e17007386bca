import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { isSymlink } from './atomic-write.js';
import { errnoCode, storeErrorFrom, symlinkRefused } from './fs-errors.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Records are small (SPEC ST2); anything this big is not one of ours. */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads a regular file without following a symbolic link at `path`
 * (O_NOFOLLOW; SPEC ST6). Resolves `undefined` when there is no file.
 * @internal
 */
export async function readFileNoFollow(path: string): Promise<string | undefined> {
  // Platforms without O_NOFOLLOW (Windows) get an explicit check instead.
  if (!O_NOFOLLOW && (await isSymlink(path).catch(() => false))) throw symlinkRefused(path);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW);
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new StoreError(ErrorCode.Store, `${path} is not a regular file; move it away.`);
    }
    if (stat.size > MAX_BYTES) {
      throw new StoreError(
        ErrorCode.Store,
        `${path} is ${stat.size} bytes, too large for a record.`,
      );
    }
    return await handle.readFile('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw storeErrorFrom(error, 'read', path);
  } finally {
    await handle?.close();
  }
}
