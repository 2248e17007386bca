import type { UserConfig } from 'vitest/config';
/** Unit-test preset: test/**\/*.test.ts, integration tests excluded. */
export declare function unitConfig(overrides?: Record<string, unknown>): UserConfig;
/** Integration-test preset: test/**\/*.integration.test.ts, one file at a time. */
export declare function integrationConfig(overrides?: Record<string, unknown>): UserConfig;
