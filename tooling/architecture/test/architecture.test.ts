import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPackages, formatViolation } from '../src/check.js';
import { LAYER_MAP_FILE, LAYER_TITLES, type Layer, PACKAGES } from '../src/layers.js';
import { readWorkspace } from '../src/workspace.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workspace = readWorkspace(root);
const violations = checkPackages(workspace);

/** Strategies and bindings are where SPEC B1 applies. */
const B1_LAYERS: readonly Layer[] = ['strategy', 'binding'];

describe('the packages keep to docs/architecture.md', () => {
  it('every directory under packages/ has a layer, and every layer map entry has a directory', () => {
    const unmapped = violations.filter(
      (v) => v.where === LAYER_MAP_FILE || v.message.includes('has no layer'),
    );
    expect(unmapped.map(formatViolation)).toEqual([]);
  });

  for (const { dir } of workspace) {
    const layer = PACKAGES[dir]?.layer;
    if (!layer) continue;
    const title = layer === 'core' ? 'core' : `a ${LAYER_TITLES[layer]}`;
    const name = `${B1_LAYERS.includes(layer) ? '[B1] ' : ''}packages/${dir} imports and depends only on what ${title} may`;
    it(name, () => {
      const own = violations.filter((v) => v.where.startsWith(`packages/${dir}/`));
      expect(own.map(formatViolation)).toEqual([]);
    });
  }
});

describe('docs/architecture.md', () => {
  const doc = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
  const rows = new Map(
    doc
      .split('\n')
      .filter((line) => line.startsWith('| `@mcp-oauth/'))
      .map((line) => {
        const cells = line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim());
        return [/`@mcp-oauth\/([^`]+)`/.exec(cells[0]!)![1]!, cells] as const;
      }),
  );

  it('has a row for each package of the layer map, and no other', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(PACKAGES).sort());
  });

  for (const [dir, rule] of Object.entries(PACKAGES)) {
    it(`states the layer, lower building blocks and third-party dependencies of ${dir}`, () => {
      const [, layer, uses, thirdParty] = rows.get(dir) ?? [];
      expect(layer).toBe(LAYER_TITLES[rule.layer]);
      if (rule.layer === 'building-block') {
        expect(uses).toBe(['core', ...(rule.below ?? [])].join(', '));
      }
      const listed = [...(thirdParty ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(listed).toEqual(Object.keys(rule.thirdParty ?? {}));
    });
  }
});
