import { children, type SyntaxNode } from '../kustoSyntax.js';
import type { KqlTable } from '../values.js';
import { namedExpressions } from './namedExpressions.js';
import { type OperatorContext } from './operatorContext.js';

/** `project`: the listed expressions become the columns. */
export function project(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  return computeColumns(op, input, cx, false);
}

/** `extend`: the listed expressions are added to the columns (or replace those of the same name). */
export function extend(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  return computeColumns(op, input, cx, true);
}

function computeColumns(op: SyntaxNode, input: KqlTable, cx: OperatorContext, extend: boolean): KqlTable {
  const scope = cx.scope(input.columns);
  let counter = 0;
  const exprs = namedExpressions(children(op), scope, () => `Column${++counter}`);
  if (!extend) {
    return {
      columns: exprs.map((e) => ({ name: e.name, type: e.compiled.type })),
      rows: input.rows.map((r) => exprs.map((e) => e.compiled.fn(r))),
    };
  }
  const columns = [...input.columns];
  const targets = exprs.map((e) => {
    const existing = columns.findIndex((c) => c.name === e.name);
    if (existing >= 0) {
      columns[existing] = { name: e.name, type: e.compiled.type };
      return existing;
    }
    columns.push({ name: e.name, type: e.compiled.type });
    return columns.length - 1;
  });
  return {
    columns,
    rows: input.rows.map((r) => {
      const out = r.slice();
      exprs.forEach((e, i) => (out[targets[i]!] = e.compiled.fn(r)));
      return out;
    }),
  };
}
