import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { promptSecret } from '../src/secret-prompt.js';

function tty() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk) => {
    written += chunk;
  });
  return { input, output, written: () => written };
}

describe('promptSecret', () => {
  it('[C6] reads without echo; backspace edits; Enter accepts', async () => {
    const t = tty();
    const answer = promptSecret('Client secret: ', t);
    t.input.write('s3cx\u007fr');
    t.input.write('et\r');
    expect(await answer).toBe('s3cret');
    expect(t.written()).toBe('Client secret: \n');
    expect(t.input.setRawMode).toHaveBeenCalledWith(true);
    expect(t.input.setRawMode).toHaveBeenLastCalledWith(false);
  });

  it('[C6] Ctrl-C cancels', async () => {
    const t = tty();
    const answer = promptSecret('Client secret: ', t);
    t.input.write('abc\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(t.written()).not.toContain('abc');
  });
});
