import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { unref } from '@mcp-oauth/core';
import { keychainError, unavailable } from './errors.js';
import { HELPER_SOURCE } from './helper-process.js';

type Helper = ChildProcessByStdio<Writable, Readable, null>;

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  action: string;
  timeoutMs: number;
  includeStartup: boolean;
};

/** A helper that has not said it is ready within this time is given up on. */
const STARTUP_TIMEOUT_MS = 10_000;

/** Options of {@link KeychainHelper}. @internal */
export interface KeychainHelperOptions {
  readonly service: string;
  /** Resolved path of the keyring module (`@napi-rs/keyring`, or a stand-in in tests). */
  readonly modulePath: string;
}

/**
 * Parent side of the helper process (see `helper-process.ts`): one
 * long-lived process per store, started on first use, talking JSON lines.
 * A call that does not answer in time kills the helper and rejects with
 * `STORE_UNAVAILABLE`; the next call starts a fresh one. An idle helper does
 * not keep the app alive, and it is killed when the app exits.
 * @internal
 */
/** Helpers alive in this process; one exit hook kills them all. */
const liveHelpers = new Set<{ kill(signal: NodeJS.Signals): unknown }>();

/**
 * A helper stuck in a native call would never see stdin close: kill it when
 * the app exits. One listener for every store, not one each.
 */
function killOnExit(child: { kill(signal: NodeJS.Signals): unknown }): void {
  if (liveHelpers.size === 0 && !exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const helper of liveHelpers) helper.kill('SIGKILL');
    });
  }
  liveHelpers.add(child);
}
let exitHooked = false;

export class KeychainHelper {
  readonly #options: KeychainHelperOptions;
  #child: Helper | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #ready = false;
  #startup: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(options: KeychainHelperOptions) {
    this.#options = options;
  }

  /**
   * Sends one request; rejects with `STORE_UNAVAILABLE` when the helper makes
   * no progress for `timeoutMs`. Requests are answered in order, so the clock
   * runs for the oldest one only and restarts at every answer: a long queue
   * behind a responsive keychain never times out. The time counts from when
   * the helper is up, unless `includeStartup` (the probe's 2 s budget).
   */
  call(
    action: string,
    request: { op: string; account: string; secret?: string },
    timeoutMs: number,
    includeStartup = false,
  ): Promise<unknown> {
    const child = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, action, timeoutMs, includeStartup });
      if (!this.#watchdog) this.#watch();
      this.#holdOpen(true);
      child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** (Re)starts the no-progress timer for the oldest request in flight. */
  #watch() {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    const oldest = this.#pending.values().next().value;
    if (!oldest || (!this.#ready && !oldest.includeStartup)) return;
    this.#watchdog = setTimeout(() => {
      this.#stop(unavailable(`${oldest.action} did not answer within ${oldest.timeoutMs} ms`));
    }, oldest.timeoutMs);
  }

  /** Kills the helper, failing what is in flight with `reason`. */
  #stop(reason: Error) {
    const child = this.#child;
    this.#child = undefined;
    this.#ready = false;
    clearTimeout(this.#startup);
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    if (child) {
      liveHelpers.delete(child);
      child.kill('SIGKILL');
    }
    for (const { reject } of this.#pending.values()) reject(reason);
    this.#pending.clear();
  }

  #start(): Helper {
    if (this.#child) return this.#child;
    const child = spawn(
      process.execPath,
      ['-e', HELPER_SOURCE, this.#options.modulePath, this.#options.service],
      {
        // Electron apps: make their binary behave as plain Node. The app's
        // NODE_OPTIONS (loaders, --inspect) would slow the helper down or
        // make it fight the app for the inspector port.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '' },
        stdio: ['pipe', 'pipe', 'ignore'],
        windowsHide: true,
      },
    );
    this.#child = child;
    this.#startup = setTimeout(
      () =>
        this.#stop(
          unavailable(`the keychain helper did not start within ${STARTUP_TIMEOUT_MS} ms`),
        ),
      STARTUP_TIMEOUT_MS,
    );
    unref(this.#startup);
    killOnExit(child);
    child.on('error', (error) => {
      if (this.#child === child) {
        this.#stop(unavailable('the keychain helper could not start', error));
      }
    });
    child.on('exit', () => {
      if (this.#child === child) this.#stop(unavailable('the keychain helper exited'));
    });
    // Writing to a helper that just died must not crash the app.
    child.stdin.on('error', () => {});
    createInterface({ input: child.stdout }).on('line', (line) => this.#onLine(line));
    return child;
  }

  #onLine(line: string) {
    let reply: { id?: number; ok?: boolean; value?: unknown; message?: string; ready?: boolean };
    try {
      reply = JSON.parse(line);
    } catch {
      return;
    }
    if (reply.ready) {
      this.#ready = true;
      clearTimeout(this.#startup);
      // A probe's clock already runs from before start-up; keep it.
      if (!this.#watchdog) this.#watch();
      return;
    }
    const pending = reply.id === undefined ? undefined : this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id!);
    this.#watch();
    if (this.#pending.size === 0) this.#holdOpen(false);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(keychainError(new Error(reply.message), pending.action));
  }

  /** Keeps the event loop alive only while a call is in flight. */
  #holdOpen(busy: boolean) {
    const child = this.#child;
    if (!child) return;
    const handles = [child, child.stdin, child.stdout] as Array<{ ref(): void; unref(): void }>;
    for (const handle of handles) busy ? handle.ref() : handle.unref();
  }
}
