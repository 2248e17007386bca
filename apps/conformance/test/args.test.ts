import { describe, expect, it } from 'vitest';
import { HELP, parseCli } from '../src/cli/args.js';

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
      '--store must be one of memory, file, keychain, got vault',
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
});
