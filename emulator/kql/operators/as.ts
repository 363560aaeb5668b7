import { children, nameText, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `as name`: binds the input to a name later parts of the query can refer to, and passes it on. */
export function as(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const name = nameText(children(op).at(-1));
  cx.lets.set(name, { kind: 'table', table: () => input });
  return input;
}
