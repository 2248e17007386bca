import { AuthenticationCancelledError } from '@mcp-oauth/core';

/** The streams a prompt talks to; a TTY in real use, fakes in tests. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream & {
    isTTY?: boolean;
    setRawMode?: (raw: boolean) => unknown;
  };
  readonly output: NodeJS.WritableStream;
}

/**
 * Reads a secret from a terminal without echo (SPEC C6): backspace edits,
 * Enter accepts, Ctrl-C cancels with {@link AuthenticationCancelledError}.
 */
export function promptSecret(question: string, streams: PromptStreams): Promise<string> {
  const { input, output } = streams;
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003')
          return finish(new AuthenticationCancelledError('Secret entry cancelled'));
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
        else if (char >= ' ') secret += char;
      }
    };
    output.write(question);
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}
