/**
 * Shared vitest presets. Unit tests live in test/**\/*.test.ts; integration
 * tests (real servers, real processes, real keychain) in
 * test/**\/*.integration.test.ts and run only under `test:integration`.
 */
import { defineConfig } from 'vitest/config';

const common = {
  environment: 'node',
  pool: 'forks',
  reporters: ['default', 'json'],
};

/** @param {Record<string, unknown>} [overrides] */
export const unitConfig = (overrides = {}) =>
  defineConfig({
    test: {
      ...common,
      include: ['test/**/*.test.ts'],
      exclude: ['test/**/*.integration.test.ts', '**/node_modules/**'],
      outputFile: { json: 'test-results/unit.json' },
      ...overrides,
    },
  });

/** @param {Record<string, unknown>} [overrides] */
export const integrationConfig = (overrides = {}) =>
  defineConfig({
    test: {
      ...common,
      include: ['test/**/*.integration.test.ts'],
      passWithNoTests: false,
      testTimeout: 120_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      outputFile: { json: 'test-results/integration.json' },
      ...overrides,
    },
  });
