import { preset } from '@mcp-oauth/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig({ ...preset, entry: ['src/index.ts', 'src/fs/index.ts'] });
