#!/usr/bin/env node
// Prints the minified + gzipped size of this package's own code and fails
// above a budget. Like the root scripts/size.mjs, but the workspace packages
// it builds on (@mcp-oauth/*) are external: the budget is for our own code.
// Usage: node scripts/size.mjs <entry.js> <budget bytes>
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const [entry, budgetArg] = process.argv.slice(2);
const result = await build({
  entryPoints: [entry ?? 'dist/index.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  external: ['node:*', '@modelcontextprotocol/*', 'openid-client', '@mcp-oauth/*'],
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).byteLength;
const budget = budgetArg ? Number(budgetArg) : undefined;
console.log(
  `${entry}: ${code.byteLength} B minified, ${gzipped} B min+gzip${budget ? ` (budget ${budget} B)` : ''}`,
);
if (budget && gzipped > budget) {
  console.error(`over budget by ${gzipped - budget} B`);
  process.exit(1);
}
