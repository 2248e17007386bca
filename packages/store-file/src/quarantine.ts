import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoCode, nodeCrypto, storeErrorFrom } from '@mcp-oauth/store-primitives/fs';
import { fsyncDir } from './atomic-write.js';

/** Suffix marker of quarantined files. @internal */
export const QUARANTINE_MARK = '.corrupt-';

/**
 * Moves a corrupt record aside, keeping it for inspection instead of deleting
 * it (SPEC ST3). Resolves the new path, or `undefined` if the file vanished.
 * Callers hold the record's lock, so a valid file written meanwhile by
 * another process is never the one moved.
 * @internal
 */
export async function quarantine(path: string): Promise<string | undefined> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${path}${QUARANTINE_MARK}${stamp}-${nodeCrypto().randomBytes(3).toString('hex')}`;
  try {
    await rename(path, target);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw storeErrorFrom(error, 'quarantine', path);
  }
  await fsyncDir(dirname(path));
  return target;
}
