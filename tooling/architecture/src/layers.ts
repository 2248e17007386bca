/**
 * The layer map of docs/architecture.md, as data: every directory under
 * `packages/` and the layer it belongs to. The checker reads nothing else, so
 * a new package fails the test until it is added here (and to the table in
 * docs/architecture.md).
 */

/** The layers, lowest first. */
export type Layer =
  | 'core'
  | 'building-block'
  | 'strategy'
  | 'binding'
  | 'store-block'
  | 'store'
  | 'test-kit';

/** How docs/architecture.md and the messages name each layer. */
export const LAYER_TITLES: Readonly<Record<Layer, string>> = {
  core: 'core',
  'building-block': 'building block',
  strategy: 'strategy',
  binding: 'binding',
  'store-block': 'store block',
  store: 'store',
  'test-kit': 'test kit',
};

/** What one layer may use. */
export interface LayerRule {
  /** Layers whose `@mcp-oauth/*` packages it may depend on and import (its own included). */
  readonly uses: readonly Layer[];
  /** Whether it may import Node built-ins (`node:fs`, `crypto`, …). */
  readonly node: boolean;
  /** Whether it may import an MCP SDK (`@modelcontextprotocol/*`), as a peer dependency. */
  readonly mcpSdk: boolean;
}

export const LAYER_RULES: Readonly<Record<Layer, LayerRule>> = {
  // Contracts and helpers that run anywhere: no dependency, no Node built-in.
  core: { uses: [], node: false, mcpSdk: false },
  // A building block uses only the building blocks below it, listed per package in `below`.
  'building-block': { uses: ['core', 'building-block'], node: true, mcpSdk: false },
  // SPEC B1: strategies never depend on an MCP SDK, nor on each other.
  strategy: { uses: ['core', 'building-block'], node: true, mcpSdk: false },
  // A binding adapts any strategy through core's contracts: it never names one.
  binding: { uses: ['core', 'building-block'], node: true, mcpSdk: true },
  'store-block': { uses: ['core', 'store-block'], node: true, mcpSdk: false },
  // A store shares code with another store through a store block, never directly.
  store: { uses: ['core', 'store-block'], node: true, mcpSdk: false },
  // Published test kits: they exercise any implementation, so they depend on none.
  'test-kit': { uses: ['core'], node: true, mcpSdk: false },
};

/** How a third-party runtime dependency must be declared. */
export type DeclaredAs = 'dependency' | 'peer';

/** One package's place in the map. */
export interface PackageRule {
  readonly layer: Layer;
  /** For a building block: the building blocks below it that it may use (none unless listed). */
  readonly below?: readonly string[];
  /** Third-party runtime dependencies it may declare; none unless listed. */
  readonly thirdParty?: Readonly<Record<string, DeclaredAs>>;
}

/** Directory under `packages/` → its layer. Keep in step with docs/architecture.md. */
export const PACKAGES: Readonly<Record<string, PackageRule>> = {
  core: { layer: 'core' },

  discovery: { layer: 'building-block' },
  'normalize-errors': { layer: 'building-block' },
  oauth: { layer: 'building-block', below: ['discovery', 'normalize-errors'] },
  revocation: { layer: 'building-block', below: ['discovery', 'oauth'] },
  loopback: { layer: 'building-block', below: ['discovery'] },
  dpop: { layer: 'building-block', thirdParty: { jose: 'dependency' } },

  'authorization-code': { layer: 'strategy' },
  'cross-app-access': { layer: 'strategy', thirdParty: { 'openid-client': 'dependency' } },
  'device-code': { layer: 'strategy', thirdParty: { qr: 'dependency' } },
  'client-credentials': { layer: 'strategy', thirdParty: { jose: 'dependency' } },

  'mcp-sdk': { layer: 'binding', thirdParty: { '@modelcontextprotocol/sdk': 'peer' } },
  'mcp-client': { layer: 'binding', thirdParty: { '@modelcontextprotocol/client': 'peer' } },

  'store-primitives': { layer: 'store-block' },

  'store-memory': { layer: 'store' },
  'store-file': { layer: 'store' },
  'store-keychain': { layer: 'store', thirdParty: { '@napi-rs/keyring': 'dependency' } },
  'store-redis': { layer: 'store', thirdParty: { redis: 'dependency' } },

  'store-testkit': { layer: 'test-kit' },
  'mock-servers': { layer: 'test-kit', thirdParty: { msw: 'peer', jose: 'dependency' } },
};

/** Where the map lives, for messages. */
export const LAYER_MAP_FILE = 'tooling/architecture/src/layers.ts';
