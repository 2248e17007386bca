/// SPEC U1: every JavaScript or TypeScript block in every README is
/// type-checked against the built packages, and every complete program among
/// them runs, against loopback servers (a real MCP SDK server behind
/// oidc-provider), with the login done in real headless Chromium. Each block
/// carries a marker just above it: `<!-- example: run -->`,
/// `<!-- example: run with-browser -->`, `<!-- example: typecheck (why) -->`
/// or `<!-- example: skip (why) -->`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type McpTestServer, startMcpTestServer } from '@mcp-oauth/mcp-test-server';
import { type AuthorizationServer, startAuthorizationServer } from '@mcp-oauth/oidc-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserDriver } from '../src/driver.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const root = join(here, '..', '..');

interface Example {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  readonly mode: 'run' | 'typecheck' | 'skip';
  readonly browser: boolean;
  readonly reason?: string;
}

/** Every README of the repository: root, packages, apps. */
function readmes(): string[] {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, dir))) {
      const file = join(root, dir, name, 'README.md');
      try {
        readFileSync(file);
        files.push(file);
      } catch {}
    }
  }
  return files;
}

export function extract(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const fence = /```(js|ts|javascript|typescript|mjs)\n([\s\S]*?)```/g;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const before = text.slice(0, m.index).trimEnd();
    const marker =
      /<!-- example: (run|typecheck|skip)(?: (with-browser))?(?: \(([^)]*)\))? -->$/.exec(before);
    const line = text.slice(0, m.index).split('\n').length + 1;
    const where = `${relative(root, file)}:${line}`;
    if (!marker) throw new Error(`${where}: a code block without an <!-- example: … --> marker`);
    if ((marker[1] === 'skip' || marker[1] === 'typecheck') && !marker[3]) {
      throw new Error(`${where}: say why next to "${marker[1]}", in parentheses`);
    }
    examples.push({
      file: relative(root, file),
      line,
      lang: m[1]!,
      code: m[2]!,
      mode: marker[1] as Example['mode'],
      browser: marker[2] === 'with-browser',
      ...(marker[3] ? { reason: marker[3] } : {}),
    });
  }
  return examples;
}

const examples = readmes().flatMap((file) => extract(file, readFileSync(file, 'utf8')));
const nameOf = (e: Example) => `${e.file}:${e.line}`;
const work = join(here, '.examples');

let as: AuthorizationServer;
let mcp: McpTestServer;
let slack: Server;
let slackUrl: string;

beforeAll(async () => {
  as = await startAuthorizationServer({ accessTokenFormat: 'opaque' });
  mcp = await startMcpTestServer({
    authorizationServer: as.issuer,
    verifyToken: async (token) => {
      const info = await as.verifyAccessToken(token, { resource: mcp.url });
      return info
        ? { scopes: info.scope.split(' '), ...(info.jkt ? { jkt: info.jkt } : {}) }
        : undefined;
    },
    requiredScope: 'mcp:tools',
    scopesSupported: ['mcp:tools'],
    // Bearer tokens as before; DPoP-bound ones (the dpop README) with their proofs checked.
    dpop: {},
  });
  // A provider that answers token errors the Slack way: HTTP 200 {"ok":false,...}.
  slack = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'invalid_refresh_token' }));
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

afterAll(async () => {
  await mcp?.close();
  await as?.close();
  await new Promise((resolve) => slack?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** The README's public URLs, pointed at the loopback servers. */
function localise(code: string): string {
  const mcpOrigin = new URL(mcp.url).origin;
  return code
    .replace(/https:\/\/(mcp\.linear\.app|mcp\.example\.com|docs\.acme\.com)\/mcp/g, mcp.url)
    .replace(/https:\/\/mcp\.example\.com/g, mcpOrigin)
    .replace(/https:\/\/slack\.com/g, slackUrl);
}

function run(example: Example, env: Record<string, string>) {
  const file = join(work, `${example.file.replace(/[/.]/g, '_')}_${example.line}.mjs`);
  writeFileSync(file, localise(example.code));
  const child = spawn(process.execPath, [file], { cwd: here, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { done, output: () => output, kill: () => child.kill('SIGKILL') };
}

describe('README examples', () => {
  it('[U1] every code block in every README is marked run, typecheck or skip, with a reason for the last two', () => {
    expect(examples.length).toBeGreaterThan(15);
    expect(() => extract('x.md', '```js\nconsole.log(1)\n```')).toThrow(/without an <!-- example/);
    expect(() => extract('x.md', '<!-- example: skip -->\n```js\nx\n```')).toThrow(/say why/);
  });

  it('[U1] every block that is not skipped type-checks against the built packages', () => {
    const dir = join(work, 'typecheck');
    mkdirSync(dir, { recursive: true });
    const names = new Map<string, Example>();
    for (const example of examples.filter((e) => e.mode !== 'skip')) {
      const ext = example.lang.startsWith('t') ? 'mts' : 'mjs';
      const name = `${example.file.replace(/[/.]/g, '_')}_${example.line}.${ext}`;
      names.set(name, example);
      writeFileSync(join(dir, name), `${example.code}\nexport {};\n`);
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowJs: true,
          checkJs: true,
          strict: false,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          lib: ['ES2023', 'DOM'],
        },
        include: ['*.mjs', '*.mts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
      cwd: here,
    });
    const errors = tsc.stdout
      .split('\n')
      .filter((line) => /error TS/.test(line))
      .map((line) => {
        const name = line.split('(')[0]!.split('/').at(-1)!;
        const example = names.get(name);
        return example ? `${nameOf(example)}: ${line.slice(line.indexOf('error'))}` : line;
      });
    expect(errors).toEqual([]);
  }, 120_000);

  for (const example of examples.filter((e) => e.mode === 'run')) {
    it(`[U1] ${nameOf(example)} runs as written`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'readme-home-'));
      const driver = example.browser ? await browserDriver() : undefined;
      const env: Record<string, string> = {
        HOME: home,
        XDG_DATA_HOME: join(home, '.local', 'share'),
        ...(driver ? { BROWSER: driver.BROWSER } : {}),
      };
      const child = run(example, env);
      try {
        if (driver) {
          const page = await Promise.race([
            driver.pageAt(as.issuer, 30_000),
            child.done.then(() => undefined),
          ]);
          expect(page, `${nameOf(example)} opened no login page:\n${child.output()}`).toBeDefined();
          await driver.logIn(page!);
        }
        const code = await Promise.race([
          child.done,
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 45_000)),
        ]);
        expect({ code, output: child.output() }).toMatchObject({ code: 0 });
        if (example.browser) expect(child.output()).toMatch(/test-tool/);
      } finally {
        child.kill();
        await driver?.close();
        rmSync(home, { recursive: true, force: true });
      }
    }, 90_000);
  }
});
