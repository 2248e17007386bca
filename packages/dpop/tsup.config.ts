import { preset } from '@mcp-oauth/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(preset);
