import { describe, expect, it } from 'vitest';
import {
  checkPackages,
  formatViolation,
  type Manifest,
  type Violation,
  type WorkspacePackage,
} from '../src/check.js';
import { LAYER_MAP_FILE, type PackageRule } from '../src/layers.js';

/** A small layer map of its own, so these cases do not move with the real one. */
const MAP: Readonly<Record<string, PackageRule>> = {
  core: { layer: 'core' },
  discovery: { layer: 'building-block' },
  oauth: { layer: 'building-block', below: ['discovery'] },
  'authorization-code': { layer: 'strategy' },
  'fake-strategy': { layer: 'strategy' },
  'mcp-sdk': { layer: 'binding', thirdParty: { '@modelcontextprotocol/sdk': 'peer' } },
  'store-primitives': { layer: 'store-block' },
  'store-file': { layer: 'store' },
  'store-keychain': { layer: 'store', thirdParty: { '@napi-rs/keyring': 'dependency' } },
};

const workspaceDep = 'workspace:^';

function pkg(
  dir: string,
  manifest: Manifest,
  files: Record<string, string> = {},
): WorkspacePackage {
  return {
    dir,
    manifest: { name: `@mcp-oauth/${dir}`, ...manifest },
    files: Object.entries(files).map(([name, text]) => ({
      path: `packages/${dir}/src/${name}`,
      text,
    })),
  };
}

const deps = (...names: string[]) => Object.fromEntries(names.map((n) => [n, workspaceDep]));

/** A workspace that keeps every rule; each case replaces one package of it. */
function workspace(...replacements: WorkspacePackage[]): WorkspacePackage[] {
  const base = [
    pkg(
      'core',
      {},
      { 'index.ts': "export * from './store.js';\nexport type { X } from './x.js';" },
    ),
    pkg(
      'discovery',
      { dependencies: deps('@mcp-oauth/core') },
      { 'index.ts': "import { a } from '@mcp-oauth/core';\nimport { request } from 'node:http';" },
    ),
    pkg(
      'oauth',
      { dependencies: deps('@mcp-oauth/core', '@mcp-oauth/discovery') },
      { 'index.ts': "import { discover } from '@mcp-oauth/discovery';" },
    ),
    pkg(
      'authorization-code',
      { dependencies: deps('@mcp-oauth/core', '@mcp-oauth/oauth') },
      { 'index.ts': "import { tokenRequest } from '@mcp-oauth/oauth';" },
    ),
    pkg(
      'fake-strategy',
      { dependencies: deps('@mcp-oauth/core', '@mcp-oauth/oauth') },
      { 'index.ts': "import type { Strategy } from '@mcp-oauth/core';" },
    ),
    pkg(
      'mcp-sdk',
      {
        dependencies: deps('@mcp-oauth/core', '@mcp-oauth/oauth'),
        peerDependencies: { '@modelcontextprotocol/sdk': '^1.32.0' },
      },
      {
        'provider.ts':
          "import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';",
      },
    ),
    pkg(
      'store-primitives',
      { dependencies: deps('@mcp-oauth/core') },
      { 'index.ts': "import type { Store } from '@mcp-oauth/core';" },
    ),
    pkg(
      'store-file',
      { dependencies: deps('@mcp-oauth/core', '@mcp-oauth/store-primitives') },
      { 'index.ts': "import { Mutex } from '@mcp-oauth/store-primitives';\nimport 'node:fs';" },
    ),
    pkg(
      'store-keychain',
      {
        dependencies: { ...deps('@mcp-oauth/core'), '@napi-rs/keyring': '^2.1.2' },
      },
      { 'index.ts': "const keyring = await import('@napi-rs/keyring');" },
    ),
  ];
  const replaced = new Set(replacements.map((p) => p.dir));
  return [...base.filter((p) => !replaced.has(p.dir)), ...replacements];
}

const check = (...replacements: WorkspacePackage[]) =>
  checkPackages(workspace(...replacements), MAP);

const at = (violations: Violation[]) =>
  violations.map((v) => ({ where: v.where, specifier: v.specifier }));

describe('checkPackages', () => {
  it('finds nothing in a workspace that keeps every rule', () => {
    expect(check().map(formatViolation)).toEqual([]);
  });

  it('[B1] reports both a strategy importing another strategy and one importing an MCP SDK', () => {
    const violations = check(
      pkg(
        'fake-strategy',
        { dependencies: deps('@mcp-oauth/core') },
        {
          'provider.ts': [
            "import { authorizationCode } from '@mcp-oauth/authorization-code';",
            "import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';",
          ].join('\n'),
        },
      ),
    );
    expect(at(violations)).toEqual([
      {
        where: 'packages/fake-strategy/src/provider.ts:1',
        specifier: '@mcp-oauth/authorization-code',
      },
      {
        where: 'packages/fake-strategy/src/provider.ts:2',
        specifier: '@modelcontextprotocol/sdk/client/auth.js',
      },
    ]);
    expect(violations[0]!.message).toContain('a strategy may not depend on another strategy');
    expect(violations[1]!.message).toContain('a strategy may not depend on an MCP SDK (SPEC B1)');
  });

  it('[B1] a strategy may not import an MCP SDK, even declared as a peer', () => {
    const violations = check(
      pkg(
        'fake-strategy',
        {
          dependencies: deps('@mcp-oauth/core'),
          peerDependencies: { '@modelcontextprotocol/sdk': '^1.32.0' },
        },
        {
          'index.ts':
            "export { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';",
        },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/fake-strategy/package.json', specifier: '@modelcontextprotocol/sdk' },
      {
        where: 'packages/fake-strategy/src/index.ts:1',
        specifier: '@modelcontextprotocol/sdk/client/auth.js',
      },
    ]);
  });

  it('[B1] a strategy may not depend on another strategy in its package.json', () => {
    const violations = check(
      pkg('fake-strategy', {
        dependencies: deps('@mcp-oauth/core', '@mcp-oauth/authorization-code'),
      }),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/fake-strategy/package.json', specifier: '@mcp-oauth/authorization-code' },
    ]);
  });

  it('[B1] a binding may not import a strategy', () => {
    const violations = check(
      pkg(
        'mcp-sdk',
        {
          dependencies: deps('@mcp-oauth/core', '@mcp-oauth/authorization-code'),
          peerDependencies: { '@modelcontextprotocol/sdk': '^1.32.0' },
        },
        { 'index.ts': "import { authorizationCode } from '@mcp-oauth/authorization-code';" },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/mcp-sdk/package.json', specifier: '@mcp-oauth/authorization-code' },
      { where: 'packages/mcp-sdk/src/index.ts:1', specifier: '@mcp-oauth/authorization-code' },
    ]);
    expect(violations[1]!.message).toContain('a binding may not depend on a strategy');
  });

  it('[B1] a binding takes its MCP SDK as a peer dependency, not a dependency', () => {
    const violations = check(
      pkg('mcp-sdk', {
        dependencies: { ...deps('@mcp-oauth/core'), '@modelcontextprotocol/sdk': '1.32.2' },
      }),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/mcp-sdk/package.json', specifier: '@modelcontextprotocol/sdk' },
    ]);
    expect(violations[0]!.message).toContain('must be a peerDependency');
  });

  it('a store may not import another store', () => {
    const violations = check(
      pkg(
        'store-keychain',
        {
          dependencies: {
            ...deps('@mcp-oauth/core', '@mcp-oauth/store-file'),
            '@napi-rs/keyring': '^2',
          },
        },
        { 'lock.ts': "import { fileLock } from '@mcp-oauth/store-file';" },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/store-keychain/package.json', specifier: '@mcp-oauth/store-file' },
      { where: 'packages/store-keychain/src/lock.ts:1', specifier: '@mcp-oauth/store-file' },
    ]);
    expect(violations[1]!.message).toContain('share code through a store block');
  });

  it('core imports nothing: no package, no third party, no Node built-in', () => {
    const violations = check(
      pkg(
        'core',
        { dependencies: { zod: '^3' } },
        {
          'index.ts': [
            "import { createHash } from 'node:crypto';",
            "import { randomUUID } from 'crypto';",
            "import { discover } from '@mcp-oauth/discovery';",
            "import { z } from 'zod';",
            "import { redact } from './redact.js';",
          ].join('\n'),
        },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/core/package.json', specifier: 'zod' },
      { where: 'packages/core/src/index.ts:1', specifier: 'node:crypto' },
      { where: 'packages/core/src/index.ts:2', specifier: 'crypto' },
      { where: 'packages/core/src/index.ts:3', specifier: '@mcp-oauth/discovery' },
      { where: 'packages/core/src/index.ts:4', specifier: 'zod' },
    ]);
  });

  it('a building block may not import a strategy, a binding or a store', () => {
    const violations = check(
      pkg(
        'discovery',
        {
          dependencies: deps(
            '@mcp-oauth/core',
            '@mcp-oauth/authorization-code',
            '@mcp-oauth/mcp-sdk',
            '@mcp-oauth/store-file',
          ),
        },
        {
          'index.ts': [
            "import '@mcp-oauth/authorization-code';",
            "import '@mcp-oauth/mcp-sdk';",
            "import '@mcp-oauth/store-file';",
          ].join('\n'),
        },
      ),
    );
    expect(
      violations.filter((v) => v.where.includes('/src/')).map((v) => [v.specifier, v.message]),
    ).toEqual([
      ['@mcp-oauth/authorization-code', expect.stringContaining('may not depend on a strategy')],
      ['@mcp-oauth/mcp-sdk', expect.stringContaining('may not depend on a binding')],
      ['@mcp-oauth/store-file', expect.stringContaining('may not depend on a store')],
    ]);
    expect(
      violations
        .filter((v) => v.where === 'packages/discovery/package.json' && !/cycle/.test(v.message))
        .map((v) => v.specifier),
    ).toEqual(['@mcp-oauth/authorization-code', '@mcp-oauth/mcp-sdk', '@mcp-oauth/store-file']);
  });

  it('a building block uses only the building blocks listed below it', () => {
    const violations = check(
      pkg(
        'discovery',
        { dependencies: deps('@mcp-oauth/core', '@mcp-oauth/oauth') },
        { 'index.ts': "import { x } from '@mcp-oauth/oauth';" },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/discovery/package.json', specifier: '@mcp-oauth/oauth' },
      { where: 'packages/discovery/src/index.ts:1', specifier: '@mcp-oauth/oauth' },
      {
        where: 'packages/oauth/package.json',
        specifier: 'packages/oauth → packages/discovery → packages/oauth',
      },
    ]);
    expect(violations[1]!.message).toContain('not in the `below` list of packages/discovery');
  });

  it('an @mcp-oauth import must be a dependency or a peer: a devDependency does not count', () => {
    const violations = check(
      pkg(
        'fake-strategy',
        {
          dependencies: deps('@mcp-oauth/core'),
          devDependencies: deps('@mcp-oauth/oauth'),
        },
        { 'index.ts': "import { tokenRequest } from '@mcp-oauth/oauth';" },
      ),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/fake-strategy/src/index.ts:1', specifier: '@mcp-oauth/oauth' },
    ]);
    expect(violations[0]!.message).toBe(
      'is not in the dependencies or peerDependencies of packages/fake-strategy/package.json (a devDependency does not count for src)',
    );
  });

  it('sees export-from, dynamic import(), import types, require() and multi-line imports; not comments or strings', () => {
    const violations = check(
      pkg(
        'fake-strategy',
        { dependencies: deps('@mcp-oauth/core') },
        {
          'index.ts': [
            "export { a } from '@mcp-oauth/authorization-code';",
            "const m = await import('@modelcontextprotocol/sdk/client/index.js');",
            "type T = import('@modelcontextprotocol/client').AuthProvider;",
            "const r = require('openid-client');",
            'import {',
            '  b,',
            "} from '@mcp-oauth/store-file';",
            "// import { c } from '@mcp-oauth/authorization-code';",
            "/** import('@modelcontextprotocol/sdk') */",
            'const text = "import x from \'@mcp-oauth/store-file\'";',
            'const dynamic = await import(name);',
          ].join('\n'),
        },
      ),
    );
    expect(at(violations)).toEqual([
      {
        where: 'packages/fake-strategy/src/index.ts:1',
        specifier: '@mcp-oauth/authorization-code',
      },
      {
        where: 'packages/fake-strategy/src/index.ts:2',
        specifier: '@modelcontextprotocol/sdk/client/index.js',
      },
      { where: 'packages/fake-strategy/src/index.ts:3', specifier: '@modelcontextprotocol/client' },
      { where: 'packages/fake-strategy/src/index.ts:4', specifier: 'openid-client' },
      { where: 'packages/fake-strategy/src/index.ts:5', specifier: '@mcp-oauth/store-file' },
    ]);
  });

  it("a relative import may not reach into another package's files", () => {
    const violations = check(
      pkg(
        'fake-strategy',
        { dependencies: deps('@mcp-oauth/core') },
        {
          'flow/run.ts': [
            "import { pkce } from '../pkce.js';",
            "import { flow } from '../../../authorization-code/src/flow.js';",
          ].join('\n'),
        },
      ),
    );
    expect(at(violations)).toEqual([
      {
        where: 'packages/fake-strategy/src/flow/run.ts:2',
        specifier: '../../../authorization-code/src/flow.js',
      },
    ]);
  });

  it('a third-party runtime dependency must be in the layer map for its package', () => {
    const violations = check(
      pkg('fake-strategy', { dependencies: { ...deps('@mcp-oauth/core'), jose: '^6' } }),
    );
    expect(at(violations)).toEqual([
      { where: 'packages/fake-strategy/package.json', specifier: 'jose' },
    ]);
    expect(violations[0]!.message).toContain(`add it to the layer map (${LAYER_MAP_FILE})`);
  });

  it('a new package directory fails until it is added to the layer map', () => {
    const violations = check(pkg('device-code', { dependencies: deps('@mcp-oauth/core') }));
    expect(violations.map(formatViolation)).toEqual([
      `packages/device-code/package.json: '@mcp-oauth/device-code' — packages/device-code has no layer: add it to the layer map (${LAYER_MAP_FILE}) and to docs/architecture.md`,
    ]);
  });

  it('a layer map entry without a package directory fails', () => {
    const violations = checkPackages(
      workspace().filter((p) => p.dir !== 'store-primitives' && p.dir !== 'store-file'),
      MAP,
    );
    expect(at(violations)).toEqual([
      { where: LAYER_MAP_FILE, specifier: 'store-primitives' },
      { where: LAYER_MAP_FILE, specifier: 'store-file' },
    ]);
  });
});
