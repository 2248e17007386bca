import { ErrorCode, McpOAuthError } from '@mcp-oauth/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { discover, fetchAuthorizationServerMetadata } from '../src/index.js';
import { asMetadata, server } from './msw.js';

const AS = 'https://auth.example.com';
const WELL_KNOWN = `${AS}/.well-known/oauth-authorization-server`;
const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(McpOAuthError);
      return error as McpOAuthError;
    },
  );

/** A body of `megabytes` MiB streamed without a Content-Length, through an injected fetch. */
const hugeStream = (megabytes: number) => {
  let sent = 0;
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= megabytes) controller.close();
      else controller.enqueue(chunk);
    },
  });
};

describe('bad metadata input', () => {
  it('[F3] a body that is not JSON gives INVALID_RESPONSE naming URL and status', async () => {
    server.use(http.get(WELL_KNOWN, () => HttpResponse.text('<html>login</html>')));
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.status).toBe(200);
    expect(error.message).toBe(`Expected a JSON object from ${WELL_KNOWN} (HTTP 200)`);
  });

  it('[F3] JSON that is not an object (array, string, null) gives INVALID_RESPONSE', async () => {
    for (const body of ['[]', '"issuer"', 'null']) {
      server.use(
        http.get(WELL_KNOWN, () =>
          HttpResponse.text(body, { headers: { 'content-type': 'application/json' } }),
        ),
      );
      expect((await fail(fetchAuthorizationServerMetadata(AS))).code).toBe(
        ErrorCode.InvalidResponse,
      );
    }
  });

  it('[F3] a 50 MB streamed body stops at the 1 MiB cap with RESPONSE_TOO_LARGE', async () => {
    let pulled = false;
    const error = await fail(
      fetchAuthorizationServerMetadata(AS, {
        fetch: async () => {
          pulled = true;
          return new Response(hugeStream(50));
        },
      }),
    );
    expect(pulled).toBe(true);
    expect(error.code).toBe(ErrorCode.ResponseTooLarge);
    expect(error.message).toBe(`Response from ${WELL_KNOWN} (HTTP 200) exceeds 1048576 bytes`);
  });

  // MSW's mocked stream never settles a cancel(), so the cap is shown with an
  // injected fetch here and over a real socket in the integration tests.
  it('[F3] a 50 MB Content-Length is refused before reading the body', async () => {
    let pulls = 0;
    // A body that would never end: only the header can have stopped the read.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const fetch = async () =>
      new Response(endless, { headers: { 'content-length': String(50 * 2 ** 20) } });
    expect((await fail(fetchAuthorizationServerMetadata(AS, { fetch }))).code).toBe(
      ErrorCode.ResponseTooLarge,
    );
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it('[D1] missing required fields give INVALID_RESPONSE naming the field', async () => {
    for (const field of ['issuer', 'token_endpoint']) {
      const body: Record<string, unknown> = asMetadata(AS);
      delete body[field];
      server.use(http.get(WELL_KNOWN, () => HttpResponse.json(body)));
      const error = await fail(fetchAuthorizationServerMetadata(AS));
      expect(error.code).toBe(ErrorCode.InvalidResponse);
      expect(error.message).toBe(
        `Invalid metadata from ${WELL_KNOWN}: missing or non-string "${field}"`,
      );
    }
    server.use(
      http.get(WELL_KNOWN, () =>
        HttpResponse.json(asMetadata(AS, { code_challenge_methods_supported: 'S256' })),
      ),
    );
    expect((await fail(fetchAuthorizationServerMetadata(AS))).message).toContain(
      '"code_challenge_methods_supported" is not a list of strings',
    );
  });

  it('[D9] javascript: and file: endpoints give INSECURE_URL even with allowInsecure', async () => {
    for (const [field, value] of [
      ['authorization_endpoint', 'javascript:alert(document.cookie)'],
      ['token_endpoint', 'file:///etc/passwd'],
      ['registration_endpoint', 'data:text/html,<script>'],
      ['revocation_endpoint', 'not a url'],
    ] as const) {
      server.use(http.get(WELL_KNOWN, () => HttpResponse.json(asMetadata(AS, { [field]: value }))));
      const error = await fail(fetchAuthorizationServerMetadata(AS, { allowInsecure: true }));
      expect(error.code).toBe(ErrorCode.InsecureUrl);
      expect(error.message).toContain(field.replace(/_/g, ' '));
    }
  });

  it('[D7] an issuer that does not match gives ISSUER_MISMATCH', async () => {
    server.use(
      http.get(WELL_KNOWN, () => HttpResponse.json(asMetadata('https://auth.example.co'))),
    );
    const error = await fail(fetchAuthorizationServerMetadata(AS, { expectedIssuer: AS }));
    expect(error.code).toBe(ErrorCode.IssuerMismatch);
  });

  it('[D8] protected-resource metadata without resource or servers gives a typed error', async () => {
    const prmUrl = 'https://mcp.example.com/.well-known/oauth-protected-resource';
    server.use(
      http.get(prmUrl, () => HttpResponse.json({ authorization_servers: [AS] })),
      http.get('https://mcp.example.com/.well-known/oauth-authorization-server', () =>
        HttpResponse.text('x', { status: 404 }),
      ),
    );
    const error = await fail(discover({ serverUrl: 'https://mcp.example.com' }));
    expect(error.code).toBe(ErrorCode.InvalidResponse);
    expect(error.message).toBe(`Invalid metadata from ${prmUrl}: missing or non-string "resource"`);

    server.use(http.get(prmUrl, () => HttpResponse.json({ resource: 'https://mcp.example.com/' })));
    const noServers = await fail(discover({ serverUrl: 'https://mcp.example.com' }));
    expect(noServers.message).toContain('"authorization_servers" is missing');
  });

  it('[F3] a network failure gives HTTP_ERROR naming the URL, never a raw TypeError', async () => {
    server.use(http.get(WELL_KNOWN, () => HttpResponse.error()));
    const error = await fail(fetchAuthorizationServerMetadata(AS));
    expect(error.code).toBe(ErrorCode.Http);
    expect(error.message).toContain(`Could not fetch ${WELL_KNOWN}`);
  });
});
