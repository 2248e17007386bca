import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lock, Store } from '@mcp-oauth/core';
import { fileStore } from '@mcp-oauth/store-file';
import { keychainStore } from '@mcp-oauth/store-keychain';
import { memoryStore } from '@mcp-oauth/store-memory';
import { redisStore } from '@mcp-oauth/store-redis';

/** Store kinds a scenario can run on. */
export const storeKinds = ['memory', 'file', 'keychain', 'redis'] as const;
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
  /** Set when this machine cannot run the kind (no keychain service, no Redis); its scenarios are skipped. */
  readonly unavailable?: string;
  create(): Promise<ScenarioStore>;
  /** Removes what the factory set up for the whole run (the keychain's lock folder, the Redis server). */
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

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway redis-server (no persistence) on a free loopback port; the probe waits for it. */
async function startRedisServer(): Promise<{ url: string; child: ChildProcess }> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not installed');
  }
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.unref();
  // Never left behind, even when the run ends without close().
  process.once('exit', () => child.kill('SIGKILL'));
  return { url: `redis://127.0.0.1:${port}`, child };
}

/**
 * Redis, where a server answers: `MCP_OAUTH_REDIS_URL`, else a throwaway
 * redis-server of this run when the binary is installed. Each scenario gets
 * a namespace of its own, emptied afterwards. Without either, every Redis
 * scenario is skipped, not failed, with the reason.
 */
async function redisFactory(): Promise<StoreFactory> {
  const unavailable = (why: string): StoreFactory => ({
    kind: 'redis',
    unavailable: why,
    create: () => Promise.reject(new Error('redis unavailable')),
  });
  let url = process.env.MCP_OAUTH_REDIS_URL;
  let server: ChildProcess | undefined;
  if (!url) {
    try {
      ({ url, child: server } = await startRedisServer());
    } catch (error) {
      return unavailable(
        `no Redis here: set MCP_OAUTH_REDIS_URL, or install redis-server (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  const probe = redisStore({ url, appName: `conformance-probe-${process.pid}` });
  try {
    await probe.ready();
  } catch (error) {
    server?.kill('SIGKILL');
    return unavailable(
      `no Redis answers at ${url} (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    await probe.close();
  }
  let count = 0;
  return {
    kind: 'redis',
    async create() {
      const store = redisStore({ url, appName: `conformance-${process.pid}-${++count}` });
      return {
        kind: 'redis',
        store,
        async dispose() {
          for (const key of await store.keys()) await store.delete(key);
          await store.close();
        },
      };
    },
    close: async () => {
      server?.kill('SIGKILL');
    },
  };
}

const factories: Record<StoreKind, () => StoreFactory | Promise<StoreFactory>> = {
  memory: memoryFactory,
  file: fileFactory,
  keychain: keychainFactory,
  redis: redisFactory,
};

/** Factories for the requested kinds, the keychain and Redis probed once. */
export async function storeFactories(kinds: readonly StoreKind[]): Promise<StoreFactory[]> {
  return Promise.all(kinds.map((kind) => factories[kind]()));
}
