import { describe, expect, it } from 'vitest';
import { canonicalResource } from '../src/index.js';

describe('canonicalResource', () => {
  it('[C8] keeps a pathless identifier without the trailing slash URL parsing adds', () => {
    expect(canonicalResource('https://mcp.example.com')).toBe('https://mcp.example.com');
    expect(canonicalResource('https://MCP.example.com#frag')).toBe('https://mcp.example.com');
    expect(canonicalResource('https://mcp.example.com/')).toBe('https://mcp.example.com/');
    expect(canonicalResource('https://mcp.example.com/mcp#x')).toBe('https://mcp.example.com/mcp');
    expect(canonicalResource(new URL('https://mcp.example.com/mcp'))).toBe(
      'https://mcp.example.com/mcp',
    );
  });
});
