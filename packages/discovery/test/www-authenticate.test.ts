import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../src/index.js';

describe('parseWwwAuthenticate', () => {
  it('[D2] reads resource_metadata, scope and error from a Bearer challenge', () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="mcp", error="insufficient_scope", scope="files:read files:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
      ),
    ).toEqual({
      scheme: 'Bearer',
      realm: 'mcp',
      error: 'insufficient_scope',
      scope: 'files:read files:write',
      resource_metadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    });
  });

  it('[D2] accepts unquoted values, escapes, odd spacing and picks Bearer among challenges', () => {
    expect(
      parseWwwAuthenticate(
        'Basic realm="x", Bearer  error=invalid_token ,error_description="say \\"hi\\"", Scope=read',
      ),
    ).toEqual({
      scheme: 'Bearer',
      error: 'invalid_token',
      error_description: 'say "hi"',
      scope: 'read',
    });
  });

  it('[D2] never throws on garbage and returns no parameters', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual({});
    expect(parseWwwAuthenticate('')).toEqual({});
    expect(parseWwwAuthenticate('=== ,,, "')).toEqual({});
    expect(parseWwwAuthenticate('Bearer scope="unterminated')).toEqual({
      scheme: 'Bearer',
      scope: 'unterminated',
    });
  });
});
