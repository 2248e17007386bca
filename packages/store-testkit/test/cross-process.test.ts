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

  it('[H8] fails a store whose lock holder commits after its lock was broken as stale, and passes one that checks', async () => {
    const module = new URL('./fixtures/stale-lock-store.mjs', import.meta.url).href;
    const lostLockCase = (exportName: string) => {
      const cases: Case[] = [];
      kit.storeCrossProcessTests(
        (name, fn) => cases.push({ name, fn }),
        () => {
          throw new Error('the cross-process group builds its stores in the workers');
        },
        { crossProcess: { module, processes: 1, updatesPerProcess: 1, lostLock: { exportName } } },
      );
      const found = cases.filter((c) => c.name.startsWith('[H8]'));
      expect(found.map((c) => c.name)).toEqual([
        '[H8] cross-process: a holder frozen past the stale timeout cannot commit over the next holder',
      ]);
      return found[0]!;
    };
    await expect(lostLockCase('createUncheckedStore').fn()).rejects.toThrow(
      'the frozen holder committed its write after its lock was broken as stale and retaken',
    );
    await lostLockCase('createStore').fn();
  });

  it('[H8] leaves the lost-lock case out without lostLock, and with the lock group skipped', () => {
    const names = (options: Parameters<typeof kit.storeCrossProcessTests>[2]) => {
      const cases: string[] = [];
      kit.storeCrossProcessTests(
        (name) => cases.push(name),
        () => ({}) as never,
        options,
      );
      return cases;
    };
    const module = new URL('./fixtures/stale-lock-store.mjs', import.meta.url).href;
    expect(names({ crossProcess: { module } }).some((n) => n.startsWith('[H8]'))).toBe(false);
    expect(
      names({
        skip: ['lock'],
        crossProcess: { module, lostLock: { exportName: 'createStore' } },
      }).some((n) => n.startsWith('[H8]')),
    ).toBe(false);
  });
});
