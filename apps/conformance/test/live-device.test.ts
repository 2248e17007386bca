import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockEnvironment } from '@mcp-oauth/mock-servers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMsw } from '../src/catalogue/msw.js';
import type { Report } from '../src/catalogue/types.js';
import { parseCli } from '../src/cli/args.js';
import { runLive } from '../src/live/run.js';
import { plain } from '../src/report/table.js';

let msw: ReturnType<typeof startMsw>;
beforeAll(() => {
  msw = startMsw();
});
afterAll(() => msw.close());

describe('runLive --strategy device-code', () => {
  it('[G1] [G2] logs in with a device code the person approves, then refreshes and signs out', async () => {
    const env = createMockEnvironment({ profile: 'device-flow' });
    msw.resetHandlers(...env.handlers);
    const out = await mkdtemp(join(tmpdir(), 'live-device-'));
    let prompt = '';
    // The person reads stderr and approves the code shown there.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      prompt += String(chunk);
      const code = /enter the code: {2}(\S+)/.exec(String(chunk))?.[1];
      if (code) env.authorizationServer.approveDevice(code);
      return true;
    });
    const print = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const code = await runLive(
        parseCli(['--server', env.mcp.url, '--out', out, '--strategy', 'device-code']),
        plain,
        { log: () => {}, openBrowser: async () => false },
      );
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
      const outcomes = Object.fromEntries(report.scenarios.map((s) => [s.profile, s.outcome]));
      expect(prompt).toContain(
        `open this address in a browser on any device:\n\n  ${env.urls.deviceVerification}`,
      );
      expect(env.requests.count('device-authorization')).toBe(1);
      expect(env.requests.count('authorize')).toBe(0);
      expect(outcomes).toMatchObject({
        discovery: 'pass',
        login: 'pass',
        tools: 'pass',
        refresh: 'pass',
      });
      expect(code).toBe(0);
    } finally {
      stderr.mockRestore();
      print.mockRestore();
    }
  }, 60_000);
});
