#!/usr/bin/env node
// Prints the minified + gzipped size of a bundle and fails above a budget.
// Usage: node scripts/size.mjs <entry.js> <budget bytes> [--node]
// Without --node the bundle must be runtime-agnostic (no Node builtins).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const forNode = args.includes('--node');
const [entry, budgetArg] = args.filter((arg) => arg !== '--node');
if (!entry) {
  console.error('usage: size.mjs <entry.js> [budget bytes]');
  process.exit(2);
}
const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: forNode ? 'node' : 'neutral',
  write: false,
  // Dependencies are not this package's own code: only its dist is measured.
  external: [
    'node:*',
    '@mcp-oauth/*',
    '@modelcontextprotocol/*',
    'openid-client',
    'jose',
    'qr',
    '@napi-rs/*',
    'redis',
  ],
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
