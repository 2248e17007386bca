import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lock, Store } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { keychainStore } from '@mcp-oauth/store-keychain';
import { memoryStore } from '@mcp-oauth/store-memory';

/** Store kinds a scenario can run on. */
export const storeKinds = ['memory', 'file', 'keychain'] as const;
/** One of {@link storeKinds}. */
export type StoreKind = (typeof storeKinds)[number];

/** A store for one scenario, and how to throw it away. */
export interface ScenarioStore {
  readonly kind: StoreKind;
  readonly store: Store & Lock;
  dispose(): Promise<void>;
}

/** A factory of fresh stores of one kind, or the reason none can be had here. */
export interface StoreFactory {
  readonly kind: StoreKind;
  /** Set when this machine cannot run the kind (no keychain service); its scenarios are skipped. */
  readonly unavailable?: string;
  create(): Promise<ScenarioStore>;
  /** Removes what the factory set up for the whole run (the keychain's lock folder). */
  close?(): Promise<void>;
}

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `mcp-oauth-conformance-${prefix}-`));
}

/** The in-memory reference store. */
function memoryFactory(): StoreFactory {
  return {
    kind: 'memory',
    create: async () => ({ kind: 'memory', store: memoryStore(), dispose: async () => {} }),
  };
}

/** The file store in a throwaway folder, so a run never touches a user's credentials. */
function fileFactory(): StoreFactory {
  return {
    kind: 'file',
    async create() {
      const dir = await tempDir('file');
      return {
        kind: 'file',
        store: fileStore({ dir }),
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

/**
 * The OS keychain, one service for the whole run (each store instance runs
 * a helper process, so one is shared), emptied after every scenario. Probed
 * once: with no keychain service (headless Linux without a Secret Service,
 * CI without a D-Bus session) every keychain scenario is skipped, not failed.
 */
async function keychainFactory(): Promise<StoreFactory> {
  const lockDir = await tempDir('keychain');
  const store = keychainStore({ service: `mcp-oauth-conformance-${process.pid}`, lockDir });
  try {
    await store.ready();
  } catch (error) {
    await rm(lockDir, { recursive: true, force: true });
    return {
      kind: 'keychain',
      unavailable: `no OS keychain here (${error instanceof Error ? error.message : String(error)})`,
      create: () => Promise.reject(new Error('keychain unavailable')),
    };
  }
  const empty = async () => {
    for (const key of await store.keys()) await store.delete(key);
  };
  return {
    kind: 'keychain',
    async create() {
      await empty();
      return { kind: 'keychain', store, dispose: empty };
    },
    close: () => rm(lockDir, { recursive: true, force: true }),
  };
}

/** Factories for the requested kinds, the keychain probed once. */
export async function storeFactories(kinds: readonly StoreKind[]): Promise<StoreFactory[]> {
  return Promise.all(
    kinds.map((kind) =>
      kind === 'memory' ? memoryFactory() : kind === 'file' ? fileFactory() : keychainFactory(),
    ),
  );
}
