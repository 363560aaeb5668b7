import { children, classOf, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable, valueKey } from '../values.js';
import { namedExpressions } from './namedExpressions.js';
import { type OperatorContext } from './operatorContext.js';

/** `distinct`: the unique rows of the listed expressions (or of all columns with `*`). */
export function distinct(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const items = children(op);
  let projected = input;
  if (!(items.length === 1 && classOf(items[0]) === 'StarExpression')) {
    let counter = 0;
    const exprs = namedExpressions(items, cx.scope(input.columns), () => `Column${++counter}`);
    projected = {
      columns: exprs.map((e) => ({ name: e.name, type: e.compiled.type })),
      rows: input.rows.map((r) => exprs.map((e) => e.compiled.fn(r))),
    };
  }
  const seen = new Set<string>();
  const rows = projected.rows.filter((r) => {
    const k = r.map(valueKey).join('\u0001');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { columns: projected.columns, rows };
}
