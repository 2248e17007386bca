import { homedir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto } from './node-crypto.js';

/**
 * The folder credentials live in by default, following each platform's
 * convention: `$XDG_DATA_HOME/<app>` (else `~/.local/share/<app>`) on Linux
 * and other Unixes, `~/Library/Application Support/<app>` on macOS,
 * `%LOCALAPPDATA%\<app>` on Windows (tokens should not roam between machines).
 */
export function defaultStoreDir(
  appName = 'mcp-oauth',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (!appName || /[/\\]/.test(appName) || appName === '.' || appName === '..') {
    throw new TypeError(`appName must be a plain folder name, got ${JSON.stringify(appName)}`);
  }
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), appName);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appName);
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says relative paths are invalid and must be ignored.
  return join(xdg?.startsWith('/') ? xdg : join(home, '.local', 'share'), appName);
}

/**
 * A file name for `name`: 32 hex characters of its SHA-256. Keys may hold
 * `/`, `..`, case differences and NFC/NFD variants that file systems would
 * fold together (macOS, Windows); a hash keeps every key distinct and short.
 */
export function hashName(name: string): string {
  return nodeCrypto().createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32);
}
