import type { Awaitable, Store } from '@mcp-oauth/core';

/** A test registrar: vitest's or jest's `test`/`it`, or `node:test`'s `test`. */
export type TestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** Builds a fresh, empty store for one test. */
export type StoreFactory = () => Awaitable<Store>;

/** The behaviour groups of the kit; an adapter may switch any off with `skip`. */
export type TestGroup =
  | 'basic'
  | 'isolation'
  | 'atomic-update'
  | 'large-record'
  | 'unicode'
  | 'deletion'
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
}

/** Options of {@link storeTestSuite}. */
export interface StoreTestSuiteOptions {
  /** Groups to leave out, for example `['large-record']` for a store with a hard size limit. */
  readonly skip?: readonly TestGroup[];
  /** Enables the cross-process group (opt-in). */
  readonly crossProcess?: CrossProcessOptions;
}

/** What each group receives. */
export interface GroupContext {
  readonly test: TestFunction;
  readonly createStore: StoreFactory;
  readonly options: StoreTestSuiteOptions;
}
