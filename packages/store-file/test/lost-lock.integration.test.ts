import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLocksHeld } from '@mcp-oauth/store-primitives/fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type FileStoreEvent, fileStore } from '../src/index.js';
import { kill9, startFixture, waitForLine } from './spawn.js';

const root = await mkdtemp(join(tmpdir(), 'store-file-lost-lock-'));
afterAll(() => rm(root, { recursive: true, force: true }));

// Short, so the test is quick; the frozen child misses several heartbeats.
const STALE_MS = 400;
const KEY = 'server:docs|49aaacec754e767e';
const LOCK = 'refresh:server:docs|49aaacec754e767e';

describe.skipIf(process.platform === 'win32')('a lock holder frozen past the stale timeout', () => {
  // The next holder may be done when the frozen one wakes up (its lock file
  // is gone) or still inside (the lock file names the next holder).
  it.each([
    ['has released the lock', false],
    ['still holds the lock', true],
  ])(
    '[H8] a holder frozen past the stale timeout cannot commit over the next holder, which %s',
    async (_, stillHolding) => {
      const dir = join(root, stillHolding ? 'held' : 'released');
      await fileStore({ dir }).set(KEY, { accessToken: 'before' });
      const frozen = startFixture('frozen-holder.mjs', [
        dir,
        String(STALE_MS),
        LOCK,
        KEY,
        'from-the-frozen-holder',
      ]);
      try {
        await waitForLine(frozen, (line) => line === 'locked');
        // A suspended laptop, for this process only.
        frozen.kill('SIGSTOP');

        // The next holder (this process) waits until the frozen holder's lock
        // goes stale, breaks it, refreshes and writes its tokens.
        const events: FileStoreEvent[] = [];
        const next = fileStore({ dir, staleLockMs: STALE_MS, onEvent: (e) => events.push(e) });
        const wakeTheFrozenOne = async () => {
          frozen.kill('SIGCONT');
          frozen.stdin!.write('write now\n');
          return JSON.parse(await waitForLine(frozen, (line) => line.startsWith('{')));
        };
        let outcome: unknown;
        await next.withLock(
          LOCK,
          async () => {
            await next.update<{ accessToken?: string }>(KEY, (record) => ({
              ...record,
              accessToken: 'from-the-next-holder',
            }));
            if (stillHolding) {
              outcome = await wakeTheFrozenOne();
              // Its release left this holder's lock file alone.
              await assertLocksHeld();
            }
          },
          // Generous: the frozen holder's lock goes stale after STALE_MS.
          { timeoutMs: 30_000 },
        );
        expect(events).toEqual([
          { type: 'stale_lock', path: expect.any(String), reason: 'expired' },
        ]);
        if (!stillHolding) outcome = await wakeTheFrozenOne();

        expect(outcome).toEqual({
          name: 'StoreError',
          code: 'LOCK_UNAVAILABLE',
          message: expect.stringContaining(`The lock "${LOCK}" was lost while held`),
        });
        // The next holder's write stands, read back through a fresh instance.
        expect(await fileStore({ dir }).get(KEY, { fresh: true })).toEqual({
          accessToken: 'from-the-next-holder',
        });
      } finally {
        await kill9(frozen);
      }
    },
  );
});
