import { type Compiled, compileExpression, defaultColumnName, type Scope } from '../compileExpression.js';
import { children, classOf, nameText, type SyntaxNode } from '../kustoSyntax.js';

/** A computed column: its name (given or derived as Kusto derives it) and its expression. */
export interface NamedColumn {
  name: string;
  compiled: Compiled;
}

/** Compiles `name = expr` and bare expressions; `fallback` names columns Kusto would call `ColumnN`. */
export function namedExpressions(nodes: SyntaxNode[], scope: Scope, fallback: () => string): NamedColumn[] {
  return nodes.map((n) => {
    if (classOf(n) === 'SimpleNamedExpression') {
      const [decl, expr] = children(n);
      return { name: nameText(decl), compiled: compileExpression(expr, scope) };
    }
    return { name: defaultColumnName(n) ?? fallback(), compiled: compileExpression(n, scope) };
  });
}
