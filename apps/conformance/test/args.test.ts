import { describe, expect, it } from 'vitest';
import { helpText, parseCli, USAGE, usageError } from '../src/cli/args.js';
import { liveStrategies } from '../src/live/session.js';
import { storeKinds } from '../src/stores/index.js';
import { strategyAdapters } from '../src/strategies/index.js';

const HELP = helpText({ catalogue: strategyAdapters.map((a) => a.id), live: liveStrategies });

describe('parseCli', () => {
  it('defaults to the whole catalogue with reports in reports/conformance', () => {
    expect(parseCli([])).toMatchObject({
      help: false,
      out: 'reports/conformance',
      strategies: [],
      profiles: [],
      stores: [],
      official: false,
      catalogue: true,
      timeoutSeconds: 300,
    });
  });

  it('takes the -- that pnpm passes through, and repeated filters', () => {
    expect(
      parseCli(['--', '--profile', 'slack', '--profile', 'github', '--store', 'file']),
    ).toMatchObject({
      profiles: ['slack', 'github'],
      stores: ['file'],
    });
  });

  it('reads the live-mode options', () => {
    const o = parseCli([
      '--server',
      'https://mcp.example.com/mcp',
      '--no-browser',
      '--callback-port',
      '8765',
      '--client-id',
      'abc',
      '--call-tool',
      'admin-tool',
      '--store',
      'keychain',
    ]);
    expect(o).toMatchObject({
      server: 'https://mcp.example.com/mcp',
      noBrowser: true,
      callbackPort: 8765,
      clientId: 'abc',
      callTool: 'admin-tool',
      stores: ['keychain'],
    });
  });

  it('refuses bad usage with a message that says what to pass', () => {
    expect(() => parseCli(['--store', 'vault'])).toThrow(
      `--store must be one of ${storeKinds.join(', ')}, got vault`,
    );
    expect(() => parseCli(['--server', 'mcp.example.com'])).toThrow(
      '--server must be an http(s) URL',
    );
    expect(() => parseCli(['--callback-port', '99999'])).toThrow(
      '--callback-port must be a port number',
    );
    expect(() => parseCli(['--no-catalogue'])).toThrow('--no-catalogue needs --official');
    expect(() => parseCli(['--frobnicate'])).toThrow();
  });

  it('--help documents every option', () => {
    const flags = [
      '--strategy',
      '--profile',
      '--store',
      '--list',
      '--verbose',
      '--official',
      '--official-scenario',
      '--no-catalogue',
      '--server',
      '--store-dir',
      '--no-browser',
      '--callback-port',
      '--client-id',
      '--client-secret-env',
      '--client-metadata-url',
      '--scope',
      '--call-tool',
      '--timeout',
      '--allow-insecure',
      '--out',
      '--help',
    ];
    for (const flag of flags) expect(HELP).toContain(flag);
  });

  it('--help lists every strategy the catalogue runs, read from the adapters', () => {
    const catalogue = HELP.slice(HELP.indexOf('Catalogue'), HELP.indexOf('  --profile'));
    expect(strategyAdapters.map((a) => a.id)).toContain('cross-app-access');
    for (const adapter of strategyAdapters) expect(catalogue).toContain(adapter.id);
    // A strategy added tomorrow appears without editing the help text.
    const more = helpText({ catalogue: ['one', 'two', 'a-new-strategy'], live: ['one'] });
    expect(more).toContain('only this strategy (repeatable): one, two, a-new-strategy');
    expect(HELP).toContain('authorization-code (default), cross-app-access');
    expect(Math.max(...HELP.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
  });
});

describe('usageError', () => {
  it('prints the error and one usage line, not the whole help, so the error stays on screen', () => {
    let message = '';
    try {
      parseCli(['--frobnicate']);
    } catch (error) {
      message = (error as Error).message;
    }
    const text = usageError(message);
    expect(text.split('\n')).toEqual([message, USAGE, 'Run with --help for all options.']);
    expect(message).toContain('--frobnicate');
    expect(USAGE.length).toBeLessThanOrEqual(100);
  });
});
