import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  assertAuthorizationUrl,
  browserCommand,
  openBrowser,
  type Spawner,
} from '../src/browser.js';

describe('assertAuthorizationUrl', () => {
  it('[A16] accepts https and loopback http only', () => {
    expect(assertAuthorizationUrl('https://as.example.com/authorize?x=1').href).toBe(
      'https://as.example.com/authorize?x=1',
    );
    expect(() => assertAuthorizationUrl('http://127.0.0.1:9000/authorize')).not.toThrow();
    expect(() => assertAuthorizationUrl('http://localhost:9000/authorize')).not.toThrow();
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'http://as.example.com/authorize',
      'ftp://as.example.com/',
      'vbscript:msgbox',
      'not a url',
    ]) {
      expect(() => assertAuthorizationUrl(bad), bad).toThrow(
        expect.objectContaining({ code: 'INSECURE_URL' }),
      );
    }
  });

  it('[A11] refuses any scheme but http/https', () => {
    expect(() => assertAuthorizationUrl('custom-app://authorize')).toThrow(/scheme "custom-app:"/);
  });
});

describe('openBrowser', () => {
  it('[A16] starts the browser without a shell, the URL as one argument', async () => {
    const url = 'https://as.example.com/authorize?a=1&b=$(touch /tmp/pwned)&c=`id`;rm -rf ~';
    const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
    const spawner = vi.fn(() => {
      queueMicrotask(() => child.emit('spawn'));
      return child;
    }) as unknown as Spawner;
    expect(await openBrowser(url, spawner)).toBe(true);
    const [command, args, options] = (spawner as unknown as ReturnType<typeof vi.fn>).mock
      .calls[0]!;
    expect(args).toEqual(browserCommand(new URL(url).href, process.platform, undefined)[1]);
    expect(args).toContain(new URL(url).href);
    expect(options).toMatchObject({ shell: false });
    expect(['open', 'xdg-open', 'rundll32']).toContain(command);
  });

  it('[A16] never spawns anything for a forbidden URL', async () => {
    const spawner = vi.fn() as unknown as Spawner;
    await expect(openBrowser('javascript:alert(1)', spawner)).rejects.toMatchObject({
      code: 'INSECURE_URL',
    });
    expect(spawner).not.toHaveBeenCalled();
  });

  it('resolves false when no browser can be started', async () => {
    const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
    const spawner = (() => {
      queueMicrotask(() => child.emit('error', new Error('ENOENT')));
      return child;
    }) as unknown as Spawner;
    expect(await openBrowser('https://as.example.com/authorize', spawner)).toBe(false);
  });

  it('uses open on macOS, xdg-open on Linux and rundll32 (no cmd.exe) on Windows', () => {
    expect(browserCommand('https://x.example/', 'darwin', undefined)).toEqual([
      'open',
      ['https://x.example/'],
    ]);
    expect(browserCommand('https://x.example/', 'linux', undefined)).toEqual([
      'xdg-open',
      ['https://x.example/'],
    ]);
    expect(browserCommand('https://x.example/', 'win32', undefined)).toEqual([
      'rundll32',
      ['url.dll,FileProtocolHandler', 'https://x.example/'],
    ]);
  });

  it('[A16] [U4] $BROWSER names the executable, still without a shell; anything shell-like in it is ignored', () => {
    expect(browserCommand('https://x.example/', 'linux', '/usr/bin/chromium')).toEqual([
      '/usr/bin/chromium',
      ['https://x.example/'],
    ]);
    for (const unsafe of ['chromium; rm -rf ~', 'firefox %s', 'a|b', '$(x)']) {
      expect(browserCommand('https://x.example/', 'linux', unsafe)[0]).toBe('xdg-open');
    }
  });
});
