import { columnIndex } from '../compileExpression.js';
import { children, nameText, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';
import { namePatterns, selectColumns } from './columnPatterns.js';

/** `project-away`: drops the named columns; a name without a wildcard must exist. */
export function projectAway(op: SyntaxNode, input: KqlTable): KqlTable {
  const patterns = namePatterns(op);
  for (const [i, p] of patterns.entries()) {
    if (!p.source.includes('.*') && !input.columns.some((c) => p.test(c.name))) {
      columnIndex(input, nameText(children(op)[i]), children(op)[i]);
    }
  }
  const keep = input.columns
    .map((c, i) => (patterns.some((p) => p.test(c.name)) ? -1 : i))
    .filter((i) => i >= 0);
  return selectColumns(input, keep);
}
