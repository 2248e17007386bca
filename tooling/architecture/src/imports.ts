import ts from 'typescript';

/** One module specifier a source file names. */
export interface ImportSite {
  readonly specifier: string;
  /** 1-based line of the statement or call. */
  readonly line: number;
}

/**
 * Every module specifier in a TypeScript source: `import … from`, `import '…'`,
 * `export … from`, `import x = require('…')`, `import('…')` (as a call or in a
 * type), and `require('…')`. Parsed, not grepped: specifiers in comments and
 * strings are not imports, and one spread over several lines still is.
 * A computed `import(expression)` names no package and is left out.
 */
export function importsOf(text: string, fileName = 'source.ts'): ImportSite[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    if (literal && ts.isStringLiteralLike(literal)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      sites.push({ specifier: literal.text, line: line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) {
      add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const isImportOrRequire = (callee: ts.Expression) =>
  callee.kind === ts.SyntaxKind.ImportKeyword ||
  (ts.isIdentifier(callee) && callee.text === 'require');
