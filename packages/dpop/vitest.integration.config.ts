import { integrationConfig } from '@mcp-oauth/vitest-config';

export default integrationConfig();
