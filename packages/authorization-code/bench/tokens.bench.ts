import { bench, describe } from 'vitest';
import { authorizationCode } from '../src/index.js';
import { server, storesWithValidToken } from './tokens-fixture.mjs';

const { memory, files } = await storesWithValidToken();
const fromMemory = authorizationCode({ server, store: memory, openBrowser: false });
const fromFile = authorizationCode({ server, store: files, openBrowser: false });
await fromMemory.tokens();
await fromFile.tokens();

describe('tokens() with a valid token (SPEC T7)', () => {
  bench('memory store', async () => {
    await fromMemory.tokens();
  });
  bench('file store (cached reads)', async () => {
    await fromFile.tokens();
  });
});
