import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrossProcessOptions, GroupContext } from '../types.js';
import { storeIn, toUrl, WORKER } from './cross-process.js';
import { lockOf } from './lock.js';

/** Resolves with the child's first stdout line that `match` accepts; rejects if it exits first. */
function lineFrom(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const onData = (chunk: Buffer) => {
      stdout += chunk;
      const line = stdout.split('\n').slice(0, -1).find(match);
      if (line === undefined) return;
      child.stdout?.off('data', onData);
      resolve(line);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited (${code ?? signal}): ${stderr.trim()}`)),
    );
  });
}

/** Kills `child` (stopped or not) and resolves once it is gone. */
function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A lock holder that lost its lock does not commit (SPEC H8): a child takes
 * a lock and is frozen (SIGSTOP) past the stale timeout, as a suspended
 * laptop is; this process takes the lock and writes; the child, woken,
 * writes too and must fail with `LOCK_UNAVAILABLE`.
 */
export function lostLockGroup(
  { test, options: suite }: GroupContext,
  options: CrossProcessOptions,
): void {
  const lostLock = options.lostLock;
  if (!lostLock || suite.skip?.includes('lock') || process.platform === 'win32') return;
  const key = 'server:shared|0123456789abcdef';
  const lockName = 'refresh:server:shared|0123456789abcdef';

  test('[H8] cross-process: a holder frozen past the stale timeout cannot commit over the next holder', async () => {
    const sharedDir = await mkdtemp(join(tmpdir(), 'store-testkit-'));
    const args = ['frozen-write', toUrl(options.module), lostLock.exportName, sharedDir, key];
    const child = spawn(process.execPath, [WORKER.pathname, ...args, '0', '0', lockName], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      await lineFrom(child, (line) => line === 'locked');
      child.kill('SIGSTOP');
      // This process is the next holder: it waits until the frozen holder's
      // lock goes stale (generous: the store's stale timeout is short).
      const next = await storeIn(options, sharedDir, lostLock.exportName);
      await lockOf(next).withLock(lockName, () => next.update(key, () => ({ writer: 'next' })), {
        timeoutMs: 60_000,
      });
      child.kill('SIGCONT');
      child.stdin?.write('wake up\n');
      const outcome = JSON.parse(await lineFrom(child, (line) => line.startsWith('{'))) as {
        committed?: boolean;
        name?: string;
        code?: string;
        message?: string;
      };
      assert.ok(
        !outcome.committed,
        'the frozen holder committed its write after its lock was broken as stale and retaken',
      );
      assert.equal(
        outcome.code,
        'LOCK_UNAVAILABLE',
        `the frozen holder's write failed with ${outcome.code}: ${outcome.message}`,
      );
      assert.equal(outcome.name, 'StoreError');
      // Read back through an instance of its own: the next holder's value stands.
      const reader = await storeIn(options, sharedDir, lostLock.exportName);
      assert.deepEqual(await reader.get(key, { fresh: true }), { writer: 'next' });
    } finally {
      await killed(child);
      await rm(sharedDir, { recursive: true, force: true });
    }
  });
}
