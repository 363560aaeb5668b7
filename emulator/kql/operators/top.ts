import { compileExpression } from '../compileExpression.js';
import { children, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';
import { type OperatorContext } from './operatorContext.js';
import { sortRows } from './sort.js';
import { firstRows } from './take.js';

/** `top n by expr`: sort, then take n. */
export function top(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const [countNode, ...order] = children(op);
  const n = Number(compileExpression(countNode, cx.scope([])).fn([]));
  return firstRows(sortRows(input, order, cx), n);
}
