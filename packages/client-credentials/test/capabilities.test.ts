import { Client as ClientV2, InMemoryTransport as MemoryV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport as MemoryV1 } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { CLIENT_CREDENTIALS_EXTENSION, clientCredentialsCapabilities } from '../src/index.js';

type Message = { id?: number; method?: string; params?: Record<string, unknown> };
type Pair = {
  send(message: unknown): Promise<void>;
  onmessage?: (message: never) => void;
  start(): Promise<void>;
};

/** Plays the server side of `initialize` and keeps the request's capabilities. */
async function initializeCapabilities(
  client: { connect(transport: never): Promise<void>; close(): Promise<void> },
  [clientSide, serverSide]: [unknown, Pair],
) {
  let seen: unknown;
  serverSide.onmessage = ((message: Message) => {
    if (message.method !== 'initialize') return;
    seen = message.params?.capabilities;
    void serverSide.send({
      jsonrpc: '2.0',
      id: message.id,
      result: {
        protocolVersion: message.params?.protocolVersion,
        capabilities: {},
        serverInfo: { name: 'test', version: '0' },
      },
    });
  }) as never;
  await serverSide.start();
  await client.connect(clientSide as never);
  await client.close();
  return seen;
}

describe('clientCredentialsCapabilities', () => {
  it('[M3] declares io.modelcontextprotocol/oauth-client-credentials with empty settings, frozen', () => {
    expect(CLIENT_CREDENTIALS_EXTENSION).toBe('io.modelcontextprotocol/oauth-client-credentials');
    expect(clientCredentialsCapabilities).toEqual({
      extensions: { 'io.modelcontextprotocol/oauth-client-credentials': {} },
    });
    expect(Object.isFrozen(clientCredentialsCapabilities.extensions)).toBe(true);
  });

  it("[M3] an SDK 1.x client sends it in initialize, merged with the app's own capabilities", async () => {
    const client = new ClientV1(
      { name: 'job', version: '1' },
      { capabilities: { ...clientCredentialsCapabilities, roots: {} } },
    );
    expect(
      await initializeCapabilities(client as never, MemoryV1.createLinkedPair() as never),
    ).toEqual({
      roots: {},
      extensions: { 'io.modelcontextprotocol/oauth-client-credentials': {} },
    });
  });

  it('[M3] an SDK 2.x client sends it in initialize', async () => {
    const client = new ClientV2(
      { name: 'job', version: '1' },
      { capabilities: clientCredentialsCapabilities },
    );
    expect(
      await initializeCapabilities(client as never, MemoryV2.createLinkedPair() as never),
    ).toMatchObject({
      extensions: { 'io.modelcontextprotocol/oauth-client-credentials': {} },
    });
  });
});
