import { describe, expect, it } from 'vitest';

// The cross-process group runs its worker from dist/, as a published kit does.
const kit: typeof import('../src/index.js') = await import(
  new URL('../dist/index.js', import.meta.url).href
);

type Case = { name: string; fn: () => Promise<void> };

describe('storeCrossProcessTests', () => {
  it('[R1] fails a store whose lock excludes within a process but not between processes', async () => {
    const cases: Case[] = [];
    kit.storeCrossProcessTests(
      (name, fn) => cases.push({ name, fn }),
      () => {
        throw new Error('the cross-process group builds its stores in the workers');
      },
      {
        crossProcess: {
          module: new URL('./fixtures/process-local-lock-store.mjs', import.meta.url).href,
          processes: 3,
          updatesPerProcess: 10,
          lockSectionsPerProcess: 20,
        },
      },
    );
    const [updates, sections] = cases;
    // Its update takes a real cross-process lock: that case passes.
    await updates!.fn();
    expect(sections!.name).toContain('withLock sections never overlap');
    await expect(sections!.fn()).rejects.toThrow(/sections overlapped: \+\d+:\d+ was followed by/);
  });
});
