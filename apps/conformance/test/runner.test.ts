import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue } from '../src/catalogue/catalogue.js';
import { startMsw } from '../src/catalogue/msw.js';
import { findProfile } from '../src/catalogue/profiles.js';
import { runCatalogue, runScenario } from '../src/catalogue/runner.js';
import { storeFactories } from '../src/stores/index.js';
import { strategyAdapters } from '../src/strategies/index.js';
import type { StrategyAdapter } from '../src/strategies/types.js';

let msw: ReturnType<typeof startMsw>;
beforeAll(() => {
  msw = startMsw();
});
afterAll(() => msw.close());

const adapter = (run: StrategyAdapter['run']): StrategyAdapter => ({
  id: 'stub',
  title: 'stub',
  applies: () => true,
  describe: () => 'stub',
  run,
});

async function one(run: StrategyAdapter['run'], scenarioTimeoutMs?: number) {
  const [scenario] = buildCatalogue(
    [adapter(run)],
    [findProfile('compliant')!],
    await storeFactories(['memory']),
  );
  return runScenario(scenario!, { msw, ...(scenarioTimeoutMs ? { scenarioTimeoutMs } : {}) });
}

describe('runScenario', () => {
  it('passes when every check passes and lists the HTTP round trips', async () => {
    const result = await one(async (ctx) => {
      const response = await fetch(ctx.env.urls.authorizationServerMetadata);
      ctx.checks.check('metadata answers', response.ok);
    });
    expect(result).toMatchObject({
      id: 'stub/compliant/memory',
      outcome: 'pass',
      checks: [{ name: 'metadata answers', ok: true }],
    });
    expect(result.roundTrips).toEqual([
      expect.objectContaining({
        server: 'authorization-server',
        endpoint: 'authorization-server-metadata',
        method: 'GET',
        status: 200,
      }),
    ]);
  });

  it('fails on a failed check, a throw, a hang, or no checks at all', async () => {
    expect((await one(async (ctx) => void ctx.checks.check('x', false))).outcome).toBe('fail');
    const thrown = await one(async () => {
      throw new Error('boom');
    });
    expect(thrown).toMatchObject({ outcome: 'fail' });
    expect(thrown.error).toContain('boom');
    const hung = await one(() => new Promise(() => {}), 50);
    expect(hung.error).toContain('scenario timed out after 50 ms');
    expect((await one(async () => {})).outcome).toBe('fail');
  });

  it('skips scenarios whose store is unavailable here, saying why', async () => {
    const [scenario] = buildCatalogue(
      strategyAdapters,
      [findProfile('compliant')!],
      [
        {
          kind: 'keychain',
          unavailable: 'no OS keychain here',
          create: () => Promise.reject(new Error('x')),
        },
      ],
    );
    expect(await runScenario(scenario!, { msw })).toMatchObject({
      outcome: 'skip',
      skipReason: 'no OS keychain here',
      checks: [],
    });
  });
});

describe('runCatalogue', () => {
  it('runs the real strategies on the file store and reports progress for each scenario', async () => {
    const scenarios = buildCatalogue(
      strategyAdapters,
      [findProfile('rotating-refresh')!, findProfile('resource-mismatch')!],
      await storeFactories(['file']),
    );
    const seen: string[] = [];
    const results = await runCatalogue(scenarios, {
      msw,
      onResult: (r, i, n) => seen.push(`${i + 1}/${n} ${r.id}`),
    });
    expect(seen).toEqual([
      '1/9 authorization-code/rotating-refresh/file',
      '2/9 client-credentials/rotating-refresh/file',
      '3/9 workload-identity/rotating-refresh/file',
      '4/9 revocation/rotating-refresh/file',
      '5/9 authorization-code/resource-mismatch/file',
      '6/9 cross-app-access/resource-mismatch/file',
      '7/9 client-credentials/resource-mismatch/file',
      '8/9 workload-identity/resource-mismatch/file',
      '9/9 revocation/resource-mismatch/file',
    ]);
    expect(results.map((r) => r.outcome)).toEqual(Array(9).fill('pass'));
    const rotating = results[0]!;
    expect(rotating.checks.map((c) => c.name)).toContain(
      'second refresh uses the rotated token (reuse would revoke the grant)',
    );
    expect(rotating.roundTrips.some((t) => t.server === 'callback')).toBe(true);
    const refused = results[4]!;
    expect(refused.checks[0]).toMatchObject({
      name: 'refuses the server with RESOURCE_MISMATCH',
      ok: true,
      refs: ['D8'],
    });
  });
});
