import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CrossProcessOptions, GroupContext } from '../types.js';

const WORKER = new URL('./cross-process-worker.js', import.meta.url);

function toUrl(module: string): string {
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

/** Real child processes update one key at once through their own store instances. */
export function crossProcessGroup({ test }: GroupContext, options: CrossProcessOptions): void {
  const processes = options.processes ?? 4;
  const updates = options.updatesPerProcess ?? 25;
  test(`[ST1] cross-process: ${processes} processes × ${updates} concurrent updates lose none`, async () => {
    const sharedDir = await mkdtemp(join(tmpdir(), 'store-testkit-'));
    try {
      const startAt = String(Date.now() + 300 + processes * 50);
      const args = [
        toUrl(options.module),
        options.exportName ?? 'createStore',
        sharedDir,
        'server:shared|0123456789abcdef',
        String(updates),
        startAt,
      ];
      const outputs = await Promise.all(Array.from({ length: processes }, () => runWorker(args)));
      const pids = outputs.map((out) => JSON.parse(out.trim()).pid as string);
      const mod = (await import(args[0]!)) as Record<string, (dir: string) => unknown>;
      const store = (await mod[args[1]!]!(sharedDir)) as import('@mcp-oauth/core').Store;
      const final = (await store.get(args[3]!, { fresh: true })) as {
        count: number;
        writers: Record<string, number>;
      };
      assert.equal(final?.count, processes * updates, 'updates were lost between processes');
      for (const pid of pids) assert.equal(final.writers[pid], updates);
    } finally {
      await rm(sharedDir, { recursive: true, force: true });
    }
  });
}
