/// <reference types="node" />
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as core from '../src/index.js';
import {
  AuthenticationCancelledError,
  ErrorCode,
  ExchangeError,
  McpOAuthError,
  StateMismatchError,
  StoreError,
} from '../src/index.js';

describe('McpOAuthError', () => {
  it('carries a stable code, OAuth fields, a name and a non-enumerable response', () => {
    const response = new Response('{}', { status: 400 });
    const error = new McpOAuthError(ErrorCode.OAuth, 'bad', {
      oauthError: 'invalid_grant',
      errorDescription: 'expired',
      status: 400,
      response,
      cause: new Error('root'),
    });
    expect(error).toMatchObject({ code: 'OAUTH_ERROR', oauthError: 'invalid_grant', status: 400 });
    expect(error.name).toBe('McpOAuthError');
    expect(error.response).toBe(response);
    expect(Object.keys(error)).not.toContain('response');
    expect(JSON.stringify(error)).not.toContain('Response');
    expect((error.cause as Error).message).toBe('root');
  });

  it('subclasses have their own names, codes and default messages', () => {
    expect(new StateMismatchError()).toMatchObject({
      name: 'StateMismatchError',
      code: 'STATE_MISMATCH',
      message: 'OAuth state mismatch: possible CSRF attack',
    });
    const exchange = new ExchangeError('token_exchange', 'IdP said no', true);
    expect(exchange).toMatchObject({ stage: 'token_exchange', shouldClearIdToken: true });
    expect(exchange).toBeInstanceOf(McpOAuthError);
    expect(exchange).not.toBeInstanceOf(StoreError);
  });

  it('instanceof works across two installed copies of the package', async () => {
    // A second copy on disk, as when two versions are installed side by side.
    const dir = mkdtempSync(join(tmpdir(), 'core-copy-'));
    copyFileSync(new URL('../dist/index.js', import.meta.url), join(dir, 'index.mjs'));
    copyFileSync(new URL('../dist/index.js.map', import.meta.url), join(dir, 'index.js.map'));
    const copy = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as typeof core;
    expect(copy.McpOAuthError).not.toBe(McpOAuthError);
    const foreign = new copy.AuthenticationCancelledError();
    expect(foreign).toBeInstanceOf(McpOAuthError);
    expect(foreign).toBeInstanceOf(AuthenticationCancelledError);
    expect(foreign).not.toBeInstanceOf(StateMismatchError);
    expect(new AuthenticationCancelledError()).toBeInstanceOf(copy.McpOAuthError);
    expect(new Error('plain')).not.toBeInstanceOf(McpOAuthError);
    expect(null).not.toBeInstanceOf(McpOAuthError);
  });
});
