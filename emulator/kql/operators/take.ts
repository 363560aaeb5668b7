import { compileExpression } from '../compileExpression.js';
import { children, classOf, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `take` (`limit`): the first n rows. */
export function take(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const countNode = children(op)
    .filter((c) => classOf(c) !== 'NamedParameter')
    .at(-1);
  return firstRows(input, Number(compileExpression(countNode, cx.scope([])).fn([])));
}

/** The first n rows of a table (none for n <= 0). */
export function firstRows(input: KqlTable, n: number): KqlTable {
  return { columns: input.columns, rows: input.rows.slice(0, Math.max(0, n)) };
}
