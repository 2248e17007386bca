import {
  AuthenticationCancelledError,
  AuthenticationTimeoutError,
  type Clock,
  type Logger,
} from '@mcp-oauth/core';
import { openBrowser } from './browser.js';
import type { CallbackServer, CodeReceipt } from './callback-server.js';

/** Default time allowed for an interactive login: 5 minutes (SPEC A7). */
export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60 * 1000;

/** Options of {@link waitForCode}. */
export interface WaitForCodeOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Time allowed. Default 5 minutes (SPEC A7). */
  readonly timeoutMs?: number | undefined;
  /** What timed out, for the message. Default "Authorization". */
  readonly what?: string | undefined;
  /** Cancels the wait (SPEC A9). */
  readonly signal?: AbortSignal | undefined;
  /** Lines the user pastes (full callback URLs) for remote machines (SPEC A5). */
  readonly manualInput?: (() => AsyncIterable<string>) | undefined;
}

/**
 * Waits for the callback, a pasted URL, the timeout or the abort signal,
 * whichever comes first; settles once and removes every listener (SPEC
 * A5–A7, A9).
 */
export async function waitForCode(
  server: CallbackServer,
  options: WaitForCodeOptions,
): Promise<CodeReceipt> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const stop = new AbortController();
  const cleanup: Array<() => void> = [() => stop.abort()];
  try {
    const racers: Array<Promise<CodeReceipt>> = [
      server.result,
      // The referenced callback server keeps the process alive while the login
      // is pending (SPEC H12); this timer only bounds the wait, and `stop` clears it.
      options.clock.sleep(timeoutMs, stop.signal, { unref: true }).then(() => {
        throw new AuthenticationTimeoutError(
          `${options.what ?? 'Authorization'} timed out after ${Math.round(timeoutMs / 1000)} s`,
        );
      }),
    ];
    if (signal) {
      racers.push(
        new Promise<never>((_, reject) => {
          const onAbort = () =>
            reject(new AuthenticationCancelledError(undefined, { cause: signal.reason }));
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          cleanup.push(() => signal.removeEventListener('abort', onAbort));
        }),
      );
    }
    const input = options.manualInput;
    if (input) {
      void (async () => {
        for await (const line of input()) {
          if (stop.signal.aborted) break;
          const hint = server.paste(line);
          if (hint) options.logger.warn(hint);
          else break;
        }
      })().catch(() => {});
    }
    for (const racer of racers) racer.catch(() => {});
    return await Promise.race(racers);
  } finally {
    for (const fn of cleanup) fn();
  }
}

/** How a login URL reaches the person: the system browser, a function of the app's, or nothing. */
export type BrowserOption = boolean | ((url: string) => Promise<boolean>);

/** Where the headless fallback writes (SPEC U2). */
export interface TextOutput {
  write(text: string): unknown;
}

/**
 * Offers the authorization URL to the app (SPEC A11), then opens the
 * browser unless told not to. When no browser opened and the app shows the
 * URL no other way, the URL goes to stderr with what to do next (SPEC U2):
 * a machine without a browser (SSH, a container, CI) must still show the
 * person where to log in.
 */
export async function presentUrl(
  href: string,
  options: {
    readonly openBrowser?: BrowserOption | undefined;
    readonly onAuthorizationUrl?: ((url: string) => void) | undefined;
    readonly logger: Logger;
    /** A pasted callback URL is accepted: say so. */
    readonly pasteAccepted?: boolean | undefined;
    /** Default `process.stderr`. */
    readonly output?: TextOutput | undefined;
  },
): Promise<void> {
  options.onAuthorizationUrl?.(href);
  const open = options.openBrowser ?? true;
  const opened =
    open !== false && (await (open === true ? openBrowser(href) : open(href)).catch(() => false));
  if (opened) return;
  if (open !== false) {
    options.logger.warn('could not open a browser; open the authorization URL yourself');
  }
  if (options.onAuthorizationUrl) return;
  const paste = options.pasteAccepted
    ? 'If that browser cannot reach this machine, paste the address it ends on here.\n'
    : '';
  (options.output ?? process.stderr).write(
    `Open this URL in a browser to log in:\n\n  ${href}\n\n${paste}`,
  );
}
