import type { KeychainBackend } from './backend.js';
import { encodeEntry, readEntry, type StoredEntry, writeEntry } from './entries.js';

/** Account of the index entry; record heads are 32 hex characters, so it cannot collide. @internal */
export const INDEX_ACCOUNT = 'index';
/** The key the index is stored under (never a valid store key, being empty). */
const INDEX_KEY = '';

/**
 * The list of keys, kept in the keychain itself (chunked like any record)
 * because keychains cannot be listed portably. Throws `CorruptEntry` when
 * damaged. Callers hold the index lock.
 * @internal
 */
export async function readIndex(
  backend: KeychainBackend,
): Promise<{ keys: string[]; entry: StoredEntry | undefined }> {
  const entry = await readEntry(backend, INDEX_ACCOUNT, INDEX_KEY);
  const keys = Array.isArray(entry?.value) ? (entry.value as string[]) : [];
  return { keys, entry };
}

/** Writes the index when `key`'s presence changes; `current` is what {@link readIndex} gave. @internal */
export async function changeIndex(
  backend: KeychainBackend,
  current: { keys: string[]; entry: StoredEntry | undefined },
  key: string,
  present: boolean,
): Promise<void> {
  const keys = new Set(current.keys);
  if (keys.has(key) === present) return;
  if (present) keys.add(key);
  else keys.delete(key);
  const payload = encodeEntry(INDEX_KEY, [...keys].sort());
  await writeEntry(backend, INDEX_ACCOUNT, payload, current.entry?.head);
}
