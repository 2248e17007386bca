import { describe, expect, it } from 'vitest';
import { defaultStoreDir } from '../src/fs/index.js';

describe('defaultStoreDir', () => {
  it('follows XDG on Linux, with the ~/.local/share fallback', () => {
    expect(defaultStoreDir('app', { XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe(
      '/data/app',
    );
    expect(defaultStoreDir('app', {}, 'linux', '/home/u')).toBe('/home/u/.local/share/app');
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    expect(defaultStoreDir('app', { XDG_DATA_HOME: 'rel' }, 'linux', '/home/u')).toBe(
      '/home/u/.local/share/app',
    );
  });

  it('uses Application Support on macOS and LOCALAPPDATA on Windows', () => {
    expect(defaultStoreDir('app', {}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/app',
    );
    expect(
      defaultStoreDir('app', { LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u'),
    ).toMatch(/AppData[\\/]Local[\\/]app$/);
  });

  it('defaults the app name to mcp-oauth and refuses names that are paths', () => {
    expect(defaultStoreDir(undefined, {}, 'linux', '/h')).toBe('/h/.local/share/mcp-oauth');
    expect(() => defaultStoreDir('../x')).toThrow(TypeError);
    expect(() => defaultStoreDir('a/b')).toThrow(TypeError);
  });
});
