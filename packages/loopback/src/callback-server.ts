import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import {
  type CallbackExpectations,
  type CallbackVerdict,
  judgeCallback,
  judgePastedUrl,
} from './callback-params.js';
import { sendPage } from './pages.js';

/** Options of {@link startCallbackServer}. */
export interface CallbackServerOptions extends CallbackExpectations {
  /** Port to listen on; 0 or undefined picks a free one (SPEC A2). */
  readonly port?: number | undefined;
  /** Redirect host: `127.0.0.1` (default, RFC 8252 §7.3) or `localhost` where an AS demands it. */
  readonly host?: '127.0.0.1' | 'localhost' | undefined;
  /** Callback path. Default `/callback`. */
  readonly path?: string | undefined;
}

/** An accepted authorization code; `finish` sends the page the browser is waiting for. */
export interface CodeReceipt {
  readonly code: string;
  readonly iss?: string;
  /** Sends the success page (after the exchange succeeded) or a failure page (SPEC A17). */
  finish(ok: boolean, message?: string): void;
}

/** A running loopback callback server. */
export interface CallbackServer {
  readonly redirectUri: string;
  readonly port: number;
  /** Settles once: the code, or the error that ended the flow. */
  readonly result: Promise<CodeReceipt>;
  /** Offers a pasted callback URL (SPEC A5); returns a hint when it was ignored. */
  paste(url: string): string | undefined;
  /** Closes the server and ends any held response (SPEC A9). */
  close(): Promise<void>;
}

/** Finds the process holding a port, per platform (SPEC A8). */
export function portHint(port: number, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `netstat -ano | findstr :${port}` : `lsof -ti:${port} -sTCP:LISTEN`;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error);
    server.once('error', onError);
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off('error', onError);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    });
  });
}

function listenError(error: NodeJS.ErrnoException, port: number): McpOAuthError {
  if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
    return new McpOAuthError(
      ErrorCode.PortUnavailable,
      `Port ${port} is in use. Run \`${portHint(port)}\` to find the process holding it, or configure another callback port.`,
      { cause: error },
    );
  }
  return new McpOAuthError(
    ErrorCode.CallbackServerFailed,
    `The OAuth callback server failed to start: ${error.message}`,
    { cause: error },
  );
}

/**
 * Starts the loopback callback server (SPEC A2, A4, A15, A17, A18). It
 * listens only on loopback addresses, answers only its callback path, and
 * never keeps the process alive.
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/callback';
  let settled = false;
  let held: ServerResponse | undefined;
  let resolveResult!: (receipt: CodeReceipt) => void;
  let rejectResult!: (error: unknown) => void;
  const result = new Promise<CodeReceipt>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  result.catch(() => {});

  const apply = (verdict: CallbackVerdict, res?: ServerResponse): string | undefined => {
    if (verdict.kind === 'ignore') {
      if (res) sendPage(res, verdict.status, 'Not a login response', verdict.page);
      return verdict.page;
    }
    settled = true;
    if (verdict.kind === 'fail') {
      if (res) sendPage(res, verdict.status, 'Login failed', verdict.page);
      rejectResult(verdict.error);
      return undefined;
    }
    held = res;
    let finished = false;
    const receipt: CodeReceipt = {
      code: verdict.code,
      ...(verdict.iss === undefined ? {} : { iss: verdict.iss }),
      finish(ok, message) {
        if (finished) return;
        finished = true;
        if (held) {
          if (ok)
            sendPage(
              held,
              200,
              'Login complete',
              'You can close this window and return to the application.',
            );
          else
            sendPage(
              held,
              500,
              'Login failed',
              message ?? 'The login could not be completed. Return to the application for details.',
            );
        }
        held = undefined;
      },
    };
    resolveResult(receipt);
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendPage(res, 400, 'Bad request', 'The request could not be understood.');
    }
    if (url.pathname !== path) return sendPage(res, 404, 'Not found', 'Nothing here.');
    if (req.method !== 'GET') return sendPage(res, 405, 'Method not allowed', 'Use GET.');
    if (settled) {
      return sendPage(
        res,
        400,
        'Login already handled',
        'This login has already completed. You can close this window.',
      );
    }
    apply(judgeCallback(url.searchParams, options), res);
  };

  const addresses = host === 'localhost' ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  const servers: Server[] = [];
  let port = options.port ?? 0;
  for (const address of addresses) {
    const server = createServer({ maxHeaderSize: 8 * 1024, requestTimeout: 30_000 }, (req, res) => {
      try {
        handle(req, res);
      } catch {
        sendPage(res, 500, 'Error', 'The request could not be handled.');
      }
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      // Malformed or oversized requests get a bare answer, never a reflection.
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request';
      if (socket.writable)
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
    try {
      port = await listen(server, port, address);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A machine without IPv6 cannot bind ::1; 127.0.0.1 is enough there.
      if (address === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      throw listenError(error as NodeJS.ErrnoException, port);
    }
    // Referenced on purpose: a script that awaits the login must not exit before it ends (SPEC H12).
    servers.push(server);
  }

  return {
    redirectUri: `http://${host}:${port}${path}`,
    port,
    result,
    paste(input) {
      if (settled) return 'This login has already completed.';
      return apply(judgePastedUrl(input, options));
    },
    async close() {
      if (!settled) {
        settled = true;
        rejectResult(new McpOAuthError(ErrorCode.Cancelled, 'The callback server was closed'));
      }
      if (held)
        sendPage(held, 500, 'Login failed', 'The login was cancelled. Return to the application.');
      held = undefined;
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
