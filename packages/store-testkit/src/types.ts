import type { Awaitable, Store } from '@mcp-oauth/core';

/** A test registrar: vitest's or jest's `test`/`it`, or `node:test`'s `test`. */
export type TestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** Builds a fresh, empty store for one test, over storage no other test uses. */
export type StoreFactory<S extends Store = Store> = () => Awaitable<S>;

/** The behaviour groups of the kit; an adapter may switch any off with `skip`. */
export type TestGroup =
  | 'basic'
  | 'isolation'
  | 'atomic-update'
  | 'large-record'
  | 'unicode'
  | 'deletion'
  | 'keys'
  | 'lock'
  | 'persistence'
  | 'cross-process';

/** Options of the cross-process group. */
export interface CrossProcessOptions {
  /**
   * Absolute path or file URL of an ES module whose export (see `exportName`)
   * builds the store: `(sharedDir: string) => Store | Promise<Store>`. Every
   * child process calls it with the same fresh `sharedDir`, so stores that
   * keep state in a folder (or name their keychain service after it) share it.
   */
  readonly module: string;
  /** Export that builds the store. Default `createStore`. */
  readonly exportName?: string;
  /** Child processes. Default 4. */
  readonly processes?: number;
  /** Concurrent `update` calls per process. Default 25. */
  readonly updatesPerProcess?: number;
  /** Concurrent `withLock` sections per process (unless `lock` is skipped). Default 10. */
  readonly lockSectionsPerProcess?: number;
  /**
   * Opts in to the lost-lock case (SPEC H8), for a store whose cross-process
   * lock goes stale when its holder stops refreshing it. `exportName` names
   * an export of `module` that builds the store, like the main one, but with
   * a short stale-lock timeout (a second or less, so the case is quick). A
   * child takes a lock and is frozen (SIGSTOP) past that timeout; this
   * process takes the lock and writes; the child, woken, writes too and must
   * fail with `LOCK_UNAVAILABLE`, leaving this process's value. POSIX only:
   * not registered on Windows, which has no SIGSTOP.
   */
  readonly lostLock?: { readonly exportName: string };
}

/** Options of {@link storeTestSuite} and of each group's function. */
export interface StoreTestSuiteOptions<S extends Store = Store> {
  /**
   * Groups to leave out, each for a reason the adapter states: `['lock']` for
   * a store without its own `withLock`, `['persistence']` for one without
   * storage outside the instance (a memory store), `['large-record']` for one
   * with a hard size limit.
   */
  readonly skip?: readonly TestGroup[];
  /**
   * A second, new instance over the same storage as `store` (the same folder,
   * keychain service, database): what the app gets when it starts again. The
   * persistence group reads back through it, so a store that only keeps
   * values in the instance fails. Required unless `persistence` is skipped.
   */
  readonly reopen?: (store: S) => Awaitable<Store>;
  /** Enables the cross-process group (opt-in). */
  readonly crossProcess?: CrossProcessOptions;
}

/** What each group receives. @internal */
export interface GroupContext {
  readonly test: TestFunction;
  readonly createStore: StoreFactory;
  readonly options: StoreTestSuiteOptions<Store>;
}
