import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Suffix of temporary files (records and lock files alike); other code skips and sweeps them. */
export const TEMP_SUFFIX = '.tmp';

/** Temporary files older than this were left by a killed process: no write takes a minute. */
const ORPHAN_TEMP_MS = 60_000;

/**
 * Removes temporary files that killed writers left in `dir`. They never
 * replace a record; they only take space (and may hold an old secret).
 */
export async function sweepOrphanTemps(dir: string, now = Date.now()): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > ORPHAN_TEMP_MS) await unlink(path).catch(() => {});
  }
}
