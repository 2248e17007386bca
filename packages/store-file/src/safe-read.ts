import { constants, open } from 'node:fs/promises';
import { ErrorCode, StoreError } from '@mcp-oauth/core';
import { errnoCode, storeErrorFrom, symlinkRefused } from '@mcp-oauth/store-primitives/fs';
import { isSymlink } from './atomic-write.js';
import { CorruptRecord } from './record-codec.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// Opening a FIFO for reading blocks until a writer appears, holding a thread
// of libuv's pool for ever; non-blocking, the open returns and fstat tells.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Records are small (SPEC ST2); anything this big is not one of ours. @internal */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/**
 * Reads a regular file without following a symbolic link at `path`
 * (O_NOFOLLOW; SPEC ST6) and without blocking on a FIFO or device there,
 * which is refused with `STORE_ERROR` and left in place (H11). A file over
 * {@link MAX_RECORD_BYTES} throws {@link CorruptRecord}, so the store
 * quarantines it like any damaged record (H11). Resolves `undefined` when
 * there is no file.
 * @internal
 */
export async function readFileNoFollow(path: string): Promise<string | undefined> {
  // Platforms without O_NOFOLLOW (Windows) get an explicit check instead.
  if (!O_NOFOLLOW && (await isSymlink(path).catch(() => false))) throw symlinkRefused(path);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new StoreError(
        ErrorCode.Store,
        `${path} is not a regular file (a FIFO, device or folder sits where a record belongs); it was not read. Move it away.`,
      );
    }
    if (stat.size > MAX_RECORD_BYTES) {
      throw new CorruptRecord(`it is ${stat.size} bytes, more than a record can be`);
    }
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof CorruptRecord) throw error;
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw storeErrorFrom(error, 'read', path);
  } finally {
    await handle?.close();
  }
}
