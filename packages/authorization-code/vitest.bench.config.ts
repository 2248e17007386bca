import { unitConfig } from '@mcp-oauth/vitest-config';

export default unitConfig({ benchmark: { include: ['bench/**/*.bench.ts'] } });
