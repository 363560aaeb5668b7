import { children, type SyntaxNode } from '../kustoSyntax.js';
import { forEachRow, LazyTable } from '../lazyTable.js';
import type { KqlTable, Value } from '../values.js';
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
  const fns = exprs.map((e) => e.compiled.fn);
  const n = fns.length;
  if (!extend) {
    return new LazyTable(
      exprs.map((e) => ({ name: e.name, type: e.compiled.type })),
      (sink) =>
        forEachRow(input, (r) => {
          const out = new Array<Value>(n);
          for (let i = 0; i < n; i++) out[i] = fns[i]!(r);
          sink(out);
        }),
    );
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
  const width = columns.length;
  return new LazyTable(columns, (sink) =>
    forEachRow(input, (r) => {
      const out = new Array<Value>(width);
      for (let i = 0; i < r.length; i++) out[i] = r[i]!;
      // Each expression reads the input row, so one may name a column another replaces.
      for (let i = 0; i < n; i++) out[targets[i]!] = fns[i]!(r);
      sink(out);
    }),
  );
}
