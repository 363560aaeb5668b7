import { compileExpression } from '../compileExpression.js';
import { children, classOf, type SyntaxNode } from '../kustoSyntax.js';
import { forEachRow, LazyTable } from '../lazyTable.js';
import { type KqlTable } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `where` (`filter`): keeps the rows whose condition is true. */
export function where(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const condition = children(op)
    .filter((c) => classOf(c) !== 'NamedParameter')
    .at(-1);
  const c = compileExpression(condition, cx.scope(input.columns));
  const test = c.fn;
  return new LazyTable(input.columns, (sink) =>
    forEachRow(input, (r) => {
      if (test(r) === true) sink(r);
    }),
  );
}
