import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@mcp-oauth/core';
import { afterAll } from 'vitest';

/** A fresh folder per call under one temporary root removed after the file's tests. */
export async function tempDirs(prefix: string) {
  const root = await mkdtemp(join(tmpdir(), prefix));
  afterAll(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  return () => join(root, String(n++));
}

/** A clock whose time moves only when told; sleeps resolve at once. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => {},
    advance(ms) {
      now += ms;
    },
  };
}
