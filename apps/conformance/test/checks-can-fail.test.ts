import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** True when an expression names nothing: `true`, `!false`, `1 === 1`. */
function isConstant(node: ts.Node): boolean {
  if (ts.isIdentifier(node)) return node.text === 'undefined';
  if (node.kind === ts.SyntaxKind.ThisKeyword || ts.isCallExpression(node)) return false;
  let constant = true;
  node.forEachChild((child) => {
    if (constant && !isConstant(child)) constant = false;
  });
  return constant;
}

/**
 * Every `x.check(name, condition, …)` whose condition is a constant, and every
 * `x.equal(name, actual, expected)` comparing two constants: a check that can
 * never fail ("got this far") rather than one that states a condition. A
 * literal `false` is left alone: it records a failure the code has just seen.
 */
function constantChecks(text: string, file: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const [name, first, second] = node.arguments;
      const constant =
        (method === 'check' &&
          first !== undefined &&
          first.kind !== ts.SyntaxKind.FalseKeyword &&
          isConstant(first)) ||
        (method === 'equal' &&
          first !== undefined &&
          second !== undefined &&
          isConstant(first) &&
          isConstant(second));
      if (constant) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${file}:${line + 1} ${name?.getText(source) ?? ''}`);
      }
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('conformance checks state conditions that can be false', () => {
  it('no check in src/ passes a constant such as a literal true', () => {
    const found = sources(SRC).flatMap((path) =>
      constantChecks(readFileSync(path, 'utf8'), relative(SRC, path)),
    );
    expect(found).toEqual([]);
  });

  it('the scan finds a constant check, on one line or several, and lets real conditions and a recorded failure pass', () => {
    const fixture = [
      "checks.check('logs in and connects', true, undefined, ['A12']);",
      'checks.check(',
      "  'finds the authorization server',",
      '  !false,',
      '  url,',
      ');',
      "checks.equal('same', 1, 1);",
      "checks.check('logs in and connects', client !== undefined && tokens.length > 0);",
      "checks.equal('registers once', registrations, 1);",
      "checks.check('fails', false, 'the reason');",
      "checks.check('cannot fail', !0);",
    ].join('\n');
    expect(constantChecks(fixture, 'fixture.ts')).toEqual([
      "fixture.ts:1 'logs in and connects'",
      "fixture.ts:2 'finds the authorization server'",
      "fixture.ts:7 'same'",
      "fixture.ts:11 'cannot fail'",
    ]);
  });
});
