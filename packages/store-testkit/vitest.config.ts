import { unitConfig } from '@mcp-oauth/vitest-config';

export default unitConfig({
  include: ['test/**/*.test.ts', 'examples/**/*.test.mjs'],
  testTimeout: 60_000,
});
