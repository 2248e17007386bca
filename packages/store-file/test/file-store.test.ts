import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeTestSuite } from '@mcp-oauth/store-testkit';
import { afterAll, test } from 'vitest';
import { fileStore } from '../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'store-file-kit-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

storeTestSuite(test, () => fileStore({ dir: join(root, String(n++)) }));
