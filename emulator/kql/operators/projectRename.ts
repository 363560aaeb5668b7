import { columnIndex } from '../compileExpression.js';
import { children, nameText, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';

/** `project-rename new = old`. */
export function projectRename(op: SyntaxNode, input: KqlTable): KqlTable {
  const columns = input.columns.map((c) => ({ ...c }));
  for (const n of children(op)) {
    const [decl, ref] = children(n);
    const i = columnIndex(input, nameText(ref), ref);
    columns[i]!.name = nameText(decl);
  }
  return { columns, rows: input.rows };
}
