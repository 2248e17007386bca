/// Headless Chromium (the system's) as the person's browser: the strategy's
/// default opener starts it through `$BROWSER`, and playwright-core attaches
/// over the DevTools protocol to log in on the authorization server's pages.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it (`apt-get install chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The processes whose command line names `profile`: the Chromium the
 * script started and every process it started in turn (they all carry its
 * `--user-data-dir`), zombies aside. Linux's /proc, as on CI.
 */
function chromiumOf(profile: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profile)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat[stat.lastIndexOf(')') + 2] !== 'Z') pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/**
 * Ends every Chromium process of `profile` and waits until they have
 * exited, so that none writes to the profile while it is removed: SIGTERM,
 * then SIGKILL for any still running after 5 s.
 */
async function stopChromium(profile: string): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGTERM', 5_000],
    ['SIGKILL', 2_000],
  ] as const) {
    for (const pid of chromiumOf(profile)) {
      try {
        process.kill(pid, signal);
      } catch {}
    }
    const deadline = Date.now() + waitMs;
    let left = chromiumOf(profile).length;
    while (left > 0 && Date.now() < deadline) {
      await pause(50);
      left = chromiumOf(profile).length;
    }
    if (left === 0) return;
  }
}

/** A browser for one login: `BROWSER` to hand to the process that opens it. */
export interface BrowserDriver {
  /** The `$BROWSER` executable: starts headless Chromium with the URL. */
  readonly BROWSER: string;
  /** Waits for a page at `origin` (up to `timeoutMs`), or `undefined` if none was opened. */
  pageAt(origin: string, timeoutMs?: number): Promise<Page | undefined>;
  /** Logs in and consents on oidc-provider's pages (any user), then waits for the callback page. */
  logIn(page: Page): Promise<void>;
  close(): Promise<void>;
}

export async function browserDriver(): Promise<BrowserDriver> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'mcp-oauth-chromium-'));
  const script = join(profile, 'browser.sh');
  writeFileSync(
    script,
    `#!/bin/sh\nexec ${CHROMIUM} --headless=new --no-sandbox --disable-gpu --no-first-run --remote-debugging-address=127.0.0.1 --remote-debugging-port=${port} --user-data-dir=${join(profile, 'data')} "$1" >/dev/null 2>&1\n`,
  );
  chmodSync(script, 0o755);
  let browser: Browser | undefined;
  const attach = async (deadline: number) => {
    while (!browser && Date.now() < deadline) {
      browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => undefined);
      if (!browser) await pause(100);
    }
    return browser;
  };
  return {
    BROWSER: script,
    async pageAt(origin, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const attached = await attach(deadline);
      while (attached && Date.now() < deadline) {
        for (const context of attached.contexts()) {
          for (const page of context.pages()) if (page.url().startsWith(origin)) return page;
        }
        await pause(100);
      }
      return undefined;
    },
    async logIn(page) {
      // oidc-provider's own login page, then its consent page.
      await page.locator('input[name="login"]').fill('person@example.com');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/127\.0\.0\.1:\d+\/callback/);
      await page.waitForLoadState('load');
    },
    async close() {
      if (browser) {
        const session = await browser.newBrowserCDPSession().catch(() => undefined);
        await session?.send('Browser.close').catch(() => {});
      }
      await stopChromium(profile);
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}

/** Headless Chromium of its own (not opened by the program under test): the person's other device. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * The person's side of a device login (RFC 8628) on oidc-provider's real
 * pages, with `page` at the verification URI: types `userCode`, confirms
 * the device (or aborts with `deny`, which the polling client sees as
 * `access_denied`), logs in and consents. Resolves with the last page's
 * heading (`Sign-in Success` when approved).
 */
export async function deviceLogin(
  page: Page,
  userCode: string,
  options: { readonly deny?: boolean } = {},
): Promise<string> {
  await page.locator('input[name="user_code"]').fill(userCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  if (options.deny) {
    await page.getByRole('button', { name: '[ Abort ]' }).click();
  } else {
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('input[name="login"]').fill('person@example.com');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/device\/.+/);
  }
  await page.waitForLoadState('load');
  return (await page.locator('h1').first().textContent())?.trim() ?? '';
}
