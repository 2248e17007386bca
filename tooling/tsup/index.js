/**
 * Shared tsup preset: ESM only, declarations, Node 20 target, nothing bundled
 * but the package's own code. A package's tsup.config.ts spreads it.
 * @type {import('tsup').Options}
 */
export const preset = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: false,
  treeshake: true,
};
