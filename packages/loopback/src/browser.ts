import { spawn } from 'node:child_process';
import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { isLoopbackHost } from '@mcp-oauth/discovery';

/**
 * Checks an authorization URL before any browser opens (SPEC A11, A16):
 * https, or http to a loopback host; never `javascript:`, `file:`, `data:`
 * or anything else.
 */
export function assertAuthorizationUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new McpOAuthError(ErrorCode.InsecureUrl, 'The authorization URL is not a valid URL');
  }
  const secure =
    parsed.protocol === 'https:' ||
    (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  if (!secure) {
    throw new McpOAuthError(
      ErrorCode.InsecureUrl,
      `Refusing to open an authorization URL with scheme "${parsed.protocol}" for host "${parsed.hostname}": only https (or http on loopback) is allowed`,
    );
  }
  return parsed;
}

/** How the browser is started; injectable for tests. */
export type Spawner = typeof spawn;

/**
 * The command and arguments that open `url` on `platform`, without any
 * shell: `$BROWSER` when it names an executable, else the platform's opener.
 */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
  browser: string | undefined = process.env.BROWSER,
): [string, string[]] {
  // The BROWSER convention: one executable, run without a shell, the URL its only argument.
  if (browser && !/[\s;&|`$%]/.test(browser)) return [browser, [url]];
  if (platform === 'darwin') return ['open', [url]];
  // rundll32 hands the URL to the protocol handler directly: no cmd.exe or
  // PowerShell parses it (the CVE-2025-6514 class of command injection).
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/**
 * Opens `url` in the default browser. The URL is checked first (SPEC A16)
 * and passed as one argument to a process started without a shell, so no
 * part of it is ever interpreted as a command. Resolves `false` when no
 * browser could be started (the caller shows the URL instead).
 */
export async function openBrowser(url: string, spawner: Spawner = spawn): Promise<boolean> {
  const checked = assertAuthorizationUrl(url).href;
  const [command, args] = browserCommand(checked);
  return new Promise((resolve) => {
    try {
      const child = spawner(command, args, { stdio: 'ignore', detached: true, shell: false });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
