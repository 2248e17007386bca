import { unitConfig } from '@mcp-oauth/vitest-config';

export default unitConfig();
