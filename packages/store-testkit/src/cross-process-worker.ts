/**
 * Child process of the cross-process group. Arguments: mode (`update`,
 * `lock` or `frozen-write`), store module URL, export name, shared folder,
 * key or lock name, count, start time (epoch ms), and in `lock` mode the log
 * file, in `frozen-write` mode the lock name. Builds the store, waits for the
 * common start time, runs `count` concurrent updates or lock sections, and
 * prints one JSON line with what it did. In `frozen-write` mode it takes the
 * lock, prints `locked`, waits for a line on stdin (the test freezes it
 * meanwhile), then writes the key inside the lock and prints the outcome.
 * @internal
 */
import { appendFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Lock, Store } from '@mcp-oauth/core';

type Counter = { count: number; writers: Record<string, number> };

const [mode, moduleUrl, exportName, sharedDir, key, countArg, startAtArg, lastArg] =
  process.argv.slice(2);
const mod = (await import(moduleUrl!)) as Record<string, (dir: string) => Store | Promise<Store>>;
const factory = mod[exportName!];
if (typeof factory !== 'function') {
  throw new TypeError(`${moduleUrl} does not export a function named ${exportName}`);
}
const store = await factory(sharedDir!);
const count = Number(countArg);
const delay = Number(startAtArg) - Date.now();
if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
const id = String(process.pid);
const [logPath, lockName] = [lastArg, lastArg];
let report: object = { pid: id, count };

if (mode === 'frozen-write') {
  const { withLock } = store as Partial<Lock>;
  if (typeof withLock !== 'function') throw new TypeError('The store has no withLock');
  const input = createInterface({ input: process.stdin });
  const woken = new Promise((resolve) => input.once('line', resolve));
  const outcome = (await withLock.call(
    store,
    lockName!,
    async () => {
      process.stdout.write('locked\n');
      await woken;
      return store
        .update(key!, () => ({ writer: 'frozen' }))
        .then(
          () => ({ committed: true }),
          (error: { name?: unknown; code?: unknown; message?: unknown }) => ({
            name: error?.name,
            code: error?.code,
            message: error?.message,
          }),
        );
    },
    { timeoutMs: 120_000 },
  )) as object;
  input.close();
  report = { pid: id, ...outcome };
} else if (mode === 'lock') {
  const { withLock } = store as Partial<Lock>;
  if (typeof withLock !== 'function') throw new TypeError('The store has no withLock');
  // Every section appends its entry and exit to one shared log (O_APPEND
  // writes this small do not interleave): overlapping sections show as two
  // entries in a row.
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      withLock.call(
        store,
        key!,
        async () => {
          await appendFile(logPath!, `+${id}:${i}\n`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await appendFile(logPath!, `-${id}:${i}\n`);
        },
        // Generous: this checks exclusion, not how fast a queue of sections drains.
        { timeoutMs: 120_000 },
      ),
    ),
  );
} else {
  await Promise.all(
    Array.from({ length: count }, () =>
      store.update<Counter>(key!, (current) => ({
        count: (current?.count ?? 0) + 1,
        writers: { ...current?.writers, [id]: (current?.writers?.[id] ?? 0) + 1 },
      })),
    ),
  );
}
process.stdout.write(`${JSON.stringify(report)}\n`);
