import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Store } from '@mcp-oauth/core';
import type { CrossProcessOptions, GroupContext } from '../types.js';

/** The child process script, beside the bundle in dist/. @internal */
export const WORKER = new URL('./cross-process-worker.js', import.meta.url);

/** A module path or URL as a URL `import()` takes. @internal */
export function toUrl(module: string): string {
  return module.startsWith('file:') ? module : pathToFileURL(module).href;
}

function runWorker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER.pathname, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`worker exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Runs `processes` workers in `mode` over one fresh shared folder; returns their PIDs. */
async function runWorkers(
  options: CrossProcessOptions,
  mode: 'update' | 'lock',
  target: string,
  count: number,
  check: (sharedDir: string, pids: string[]) => Promise<void>,
): Promise<void> {
  const processes = options.processes ?? 4;
  const sharedDir = await mkdtemp(join(tmpdir(), 'store-testkit-'));
  try {
    // A common start time, so the processes contend instead of running in turn.
    const startAt = String(Date.now() + 300 + processes * 50);
    const args = [
      mode,
      toUrl(options.module),
      options.exportName ?? 'createStore',
      sharedDir,
      target,
      String(count),
      startAt,
      join(sharedDir, 'lock-sections.log'),
    ];
    const outputs = await Promise.all(Array.from({ length: processes }, () => runWorker(args)));
    await check(
      sharedDir,
      outputs.map((out) => JSON.parse(out.trim()).pid as string),
    );
  } finally {
    await rm(sharedDir, { recursive: true, force: true });
  }
}

/** The store built by the module's export in this process, over `sharedDir`. @internal */
export async function storeIn(
  options: CrossProcessOptions,
  sharedDir: string,
  exportName = options.exportName ?? 'createStore',
): Promise<Store> {
  const mod = (await import(toUrl(options.module))) as Record<string, (dir: string) => unknown>;
  return (await mod[exportName]!(sharedDir)) as Store;
}

/** Real child processes update one key, and take one lock, through their own store instances. */
export function crossProcessGroup(context: GroupContext, options: CrossProcessOptions): void {
  const { test } = context;
  const processes = options.processes ?? 4;
  const updates = options.updatesPerProcess ?? 25;
  const sections = options.lockSectionsPerProcess ?? 10;
  const key = 'server:shared|0123456789abcdef';

  test(`[ST1] cross-process: ${processes} processes × ${updates} concurrent updates lose none`, async () => {
    await runWorkers(options, 'update', key, updates, async (sharedDir, pids) => {
      // Read back in this process, through an instance of its own.
      const store = await storeIn(options, sharedDir);
      const final = (await store.get(key, { fresh: true })) as {
        count: number;
        writers: Record<string, number>;
      };
      assert.equal(final?.count, processes * updates, 'updates were lost between processes');
      for (const pid of pids) assert.equal(final.writers[pid], updates);
    });
  });

  if (context.options.skip?.includes('lock')) return;
  test(`[R1] cross-process: ${processes} processes × ${sections} concurrent withLock sections never overlap`, async () => {
    await runWorkers(options, 'lock', 'refresh:shared', sections, async (sharedDir, pids) => {
      const log = (await readFile(join(sharedDir, 'lock-sections.log'), 'utf8'))
        .split('\n')
        .filter(Boolean);
      assert.equal(log.length, 2 * processes * sections, 'some sections did not run');
      for (let i = 0; i < log.length; i += 2) {
        const [entry, exit] = [log[i]!, log[i + 1]!];
        assert.ok(
          entry.startsWith('+') && exit === `-${entry.slice(1)}`,
          `sections overlapped: ${entry} was followed by ${exit}`,
        );
      }
      for (const pid of pids) {
        assert.equal(log.filter((line) => line.startsWith(`+${pid}:`)).length, sections);
      }
    });
  });
}
