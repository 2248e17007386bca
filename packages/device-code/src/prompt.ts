import type { DeviceUserCode, PromptOutput } from './options.js';

/**
 * The QR code of `url` in half-block characters, two modules per line, for
 * a terminal. The QR encoder loads with the first code drawn, not with the
 * strategy.
 */
export async function qrCode(url: string): Promise<string> {
  const { encodeQR } = await import('qr');
  return encodeQR(url, 'ascii');
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/**
 * What the person reads on stderr (SPEC G1): where to go, the code to
 * type, and, on a terminal, the QR code of the page with the code filled
 * in, so a phone can open it.
 */
export async function promptText(
  server: string,
  code: DeviceUserCode,
  options: { readonly now: number; readonly qr: boolean },
): Promise<string> {
  const lines = [
    `To log in to ${server}, open this address in a browser on any device:`,
    '',
    `  ${code.verificationUri}`,
    '',
    `and enter the code:  ${code.userCode}`,
    '',
  ];
  const complete = code.verificationUriComplete;
  // Without the QR encoder (it failed to load), the address with the code is shown instead.
  const drawn = complete && options.qr ? await qrCode(complete).catch(() => undefined) : undefined;
  if (drawn) {
    lines.push('Or scan this QR code, which opens the page with the code filled in:', '');
    lines.push(drawn.trimEnd(), '');
  } else if (complete) {
    lines.push(`Or open this address, which has the code filled in:`, '', `  ${complete}`, '');
  }
  lines.push(
    `Waiting for the login (the code expires in ${minutes(code.expiresAt - options.now)} min)...`,
    '',
  );
  return lines.join('\n');
}

/**
 * Shows the code (SPEC G1): the app's `onUserCode` when given, else the
 * prompt on `output` (default stderr), with a QR code when `qr` is true, or
 * `'auto'` and the output is a terminal.
 */
export async function showUserCode(
  server: string,
  code: DeviceUserCode,
  options: {
    readonly onUserCode?: ((code: DeviceUserCode) => void | Promise<void>) | undefined;
    readonly output?: PromptOutput | undefined;
    readonly qr?: boolean | 'auto' | undefined;
    readonly now: number;
  },
): Promise<void> {
  if (options.onUserCode) {
    await options.onUserCode(code);
    return;
  }
  const output = options.output ?? process.stderr;
  const qr = options.qr === undefined || options.qr === 'auto' ? output.isTTY === true : options.qr;
  output.write(await promptText(server, code, { now: options.now, qr }));
}
