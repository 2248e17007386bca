import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DeviceUserCode, promptText, qrCode } from '../src/index.js';
import { AS, deviceAs, setup } from './support/device-as.js';
import { msw } from './support/msw.js';

const NOW = 1_800_000_000_000;
const code: DeviceUserCode = {
  userCode: 'WDJB-MJHT',
  verificationUri: `${AS}/device`,
  verificationUriComplete: `${AS}/device?user_code=WDJB-MJHT`,
  expiresAt: NOW + 600_000,
};

afterEach(() => vi.restoreAllMocks());

describe('promptText', () => {
  it('[G1] names the server, the address, the code and when it expires', async () => {
    expect(await promptText('docs', code, { now: NOW, qr: false })).toBe(
      [
        'To log in to docs, open this address in a browser on any device:',
        '',
        `  ${AS}/device`,
        '',
        'and enter the code:  WDJB-MJHT',
        '',
        'Or open this address, which has the code filled in:',
        '',
        `  ${AS}/device?user_code=WDJB-MJHT`,
        '',
        'Waiting for the login (the code expires in 10 min)...',
        '',
      ].join('\n'),
    );
  });

  it('[G1] with qr, verification_uri_complete is drawn as a QR code', async () => {
    const text = await promptText('docs', code, { now: NOW, qr: true });
    expect(text).toContain('Or scan this QR code, which opens the page with the code filled in:');
    expect(text).toContain((await qrCode(code.verificationUriComplete!)).trimEnd());
    expect(text).not.toContain('user_code=WDJB-MJHT');
    expect((await qrCode('https://a.example/x')).split('\n').length).toBeGreaterThan(10);
  });
});

describe('deviceCode().authorize() showing the code (SPEC G1)', () => {
  it('[G1] writes the prompt to the output, with a QR code only on a TTY', async () => {
    deviceAs(msw);
    let written = '';
    const tty = setup({ output: { isTTY: true, write: (t: string) => (written += t) } });
    await tty.auth.authorize();
    expect(written).toContain('and enter the code:  WDJB-MJHT');
    expect(written).toContain('▄');
    const plain = setup();
    await plain.auth.authorize();
    expect(plain.written()).toContain('and enter the code:  WDJB-MJHT');
    expect(plain.written()).not.toContain('▄');
    const forced = setup({ qr: true });
    await forced.auth.authorize();
    expect(forced.written()).toContain('▄');
  });

  it('[G1] onUserCode receives the code (never the device code) and nothing is written', async () => {
    deviceAs(msw);
    const seen: DeviceUserCode[] = [];
    const { auth, written, clock } = setup({ onUserCode: (c) => void seen.push(c) });
    const start = clock.now();
    await auth.authorize();
    expect(seen).toEqual([
      {
        userCode: 'WDJB-MJHT',
        verificationUri: `${AS}/device`,
        verificationUriComplete: `${AS}/device?user_code=WDJB-MJHT`,
        expiresAt: start + 1800 * 1000,
      },
    ]);
    expect(written()).toBe('');
  });

  it('[G1] the default output is stderr', async () => {
    deviceAs(msw);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { auth } = setup({}, true);
    await auth.authorize();
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('WDJB-MJHT');
  });
});
