import { describe, expect, it, vi } from 'vitest';
import type { DeviceUserCode } from '../src/index.js';

// The QR encoder fails to load (a broken install, too many open files).
vi.mock('qr', () => {
  throw new Error('EMFILE: too many open files');
});

const { promptText } = await import('../src/index.js');

describe('promptText without the QR encoder', () => {
  it('[G1] shows the address with the code filled in instead of the QR code', async () => {
    const code: DeviceUserCode = {
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://as.example.com/device',
      verificationUriComplete: 'https://as.example.com/device?user_code=WDJB-MJHT',
      expiresAt: 1_800_000_600_000,
    };
    const text = await promptText('docs', code, { now: 1_800_000_000_000, qr: true });
    expect(text).not.toContain('QR code');
    expect(text).toContain(
      'Or open this address, which has the code filled in:\n\n  https://as.example.com/device?user_code=WDJB-MJHT',
    );
    expect(text).toContain('and enter the code:  WDJB-MJHT');
  });
});
