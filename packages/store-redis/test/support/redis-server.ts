import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A redis-server of this test run, on a free loopback port. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** PID of the running server. */
  readonly pid: number;
  /** Sends `signal` to the server (SIGKILL, SIGSTOP, SIGCONT); resolves once a killed one is gone. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder (after a kill). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const binary = spawnSync('redis-server', ['--version']).status === 0 ? 'redis-server' : undefined;

/** Why there is no redis-server here, with the command that installs it; `undefined` when there is one. */
export const missingRedis = binary
  ? undefined
  : 'redis-server is not installed: run `apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis`.';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function launch(args: string[]): Promise<ChildProcess> {
  if (!binary) throw new Error(missingRedis);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
}

/**
 * Starts a throwaway `redis-server` on a free loopback port, without
 * persistence unless `durable` (then an append-only file fsynced on every
 * write, in a temporary folder, so a SIGKILLed server restarts with every
 * acknowledged write).
 */
export async function startRedisServer(options: { durable?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'store-redis-server-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    ...(options.durable
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
  ];
  let child = await launch(args);
  const gone = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid!;
    },
    async signal(signal) {
      child.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM') await gone(child);
    },
    async restart() {
      child = await launch(args);
    },
    async stop() {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await gone(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
