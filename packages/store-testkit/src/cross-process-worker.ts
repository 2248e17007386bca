/**
 * Child process of the cross-process group. Arguments: store module URL,
 * export name, shared folder, key, number of updates, start time (epoch ms).
 * Builds the store, waits for the common start time, runs its updates
 * concurrently and prints one JSON line with what it did.
 * @internal
 */
import type { Store } from '@mcp-oauth/core';

type Counter = { count: number; writers: Record<string, number> };

const [moduleUrl, exportName, sharedDir, key, updatesArg, startAtArg] = process.argv.slice(2);
const mod = (await import(moduleUrl!)) as Record<string, (dir: string) => Store | Promise<Store>>;
const factory = mod[exportName!];
if (typeof factory !== 'function') {
  throw new TypeError(`${moduleUrl} does not export a function named ${exportName}`);
}
const store = await factory(sharedDir!);
const delay = Number(startAtArg) - Date.now();
if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
const id = String(process.pid);
await Promise.all(
  Array.from({ length: Number(updatesArg) }, () =>
    store.update<Counter>(key!, (current) => ({
      count: (current?.count ?? 0) + 1,
      writers: { ...current?.writers, [id]: (current?.writers?.[id] ?? 0) + 1 },
    })),
  ),
);
process.stdout.write(`${JSON.stringify({ pid: id, updates: Number(updatesArg) })}\n`);
