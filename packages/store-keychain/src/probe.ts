import { spawn } from 'node:child_process';
import { unavailable } from './errors.js';

/** Options of {@link probeKeychain}. */
export interface ProbeOptions {
  /** Service name of the probe entry. */
  readonly service: string;
  /** Resolved path of `@napi-rs/keyring`. */
  readonly modulePath: string;
  /** Answer within this time. Default 1,500 ms, so "unavailable" comes within 2 s (SPEC ST6). */
  readonly timeoutMs?: number;
}

// Runs in a throwaway child process. It writes, reads and deletes an entry:
// a read alone succeeds on a locked Linux keyring, and the first real write
// would then wait forever on an unlock prompt nobody can see.
const PROBE = `
const [modulePath, service] = process.argv.slice(1);
try {
  const { Entry } = require(modulePath);
  const entry = new Entry(service, '__mcp-oauth-probe__' + process.pid, { linux: { store: 'secret-service' } });
  entry.setPassword('probe');
  const ok = entry.getPassword() === 'probe';
  entry.deletePassword();
  process.stdout.write(ok ? 'ok' : 'the probe entry read back differently');
} catch (error) {
  process.stdout.write(String(error && error.message || error));
}
`;

/**
 * Checks that the OS keychain answers, in a child process killed after
 * `timeoutMs`. keyring calls are synchronous native calls; on headless Linux
 * they can hang on a D-Bus peer that never replies (other MCP clients hang
 * there), and a hung call in this process could never be interrupted. One
 * short-lived process per store, never per read (SPEC T7).
 */
export function probeKeychain(options: ProbeOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 1_500;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PROBE, options.modulePath, options.service], {
      // Electron apps: make their binary behave as plain Node for the probe.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    });
    let output = '';
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(unavailable(`it did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => finish(unavailable('the probe could not start', error)));
    child.on('close', () => {
      if (output === 'ok') finish();
      else finish(unavailable(output.trim() || 'the probe process failed'));
    });
  });
}
