import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = await read('README.md');
const packageJson = JSON.parse(await read('package.json')) as { files: string[] };

describe('README', () => {
  it('[U1] its code blocks are the example tests this run executes, word for word', async () => {
    const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([
      await read('examples/json-dir-store/store.test.mjs'),
      await read('examples/json-dir-store/groups.test.mjs'),
    ]);
  });

  it('[U1] links only files the package ships', async () => {
    const links = [...readme.matchAll(/\]\(([^)#:]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(
        packageJson.files.some((entry) => link === entry || link.startsWith(`${entry}/`)),
      ).toBe(true);
      await expect(read(link)).resolves.toBeTypeOf('string');
    }
  });
});
