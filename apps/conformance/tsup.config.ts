import { preset } from '@mcp-oauth/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig({
  ...preset,
  entry: ['src/client-under-test.ts', 'src/cli.ts'],
  dts: false,
});
