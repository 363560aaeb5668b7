import { compileExpression } from '../compileExpression.js';
import { children, classOf, type SyntaxNode, textOf } from '../kustoSyntax.js';
import { compareValues, isNull, type KqlTable } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `sort by` (`order by`): default descending, nulls last when descending and first when ascending. */
export function sort(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  return sortRows(
    input,
    children(op).filter(
      (c) => classOf(c) === 'OrderedExpression' || !['NamedParameter'].includes(classOf(c)),
    ),
    cx,
  );
}

/** Sorts by ordered expressions (`expr [asc|desc] [nulls first|last]`), stable. */
export function sortRows(input: KqlTable, ordered: SyntaxNode[], cx: OperatorContext): KqlTable {
  const scope = cx.scope(input.columns);
  const keys = ordered.map((o) => {
    const expr = classOf(o) === 'OrderedExpression' ? children(o)[0] : o;
    const clause = classOf(o) === 'OrderedExpression' ? children(o)[1] : undefined;
    const words = clause ? textOf(clause).toLowerCase().split(/\s+/) : [];
    const asc = words.includes('asc');
    const nullsFirst = words.includes('first') ? true : words.includes('last') ? false : asc;
    return { c: compileExpression(expr, scope), asc, nullsFirst };
  });
  const decorated = input.rows.map((r) => ({ r, k: keys.map((k) => k.c.fn(r)) }));
  // One key of strings only (`order by id asc`, every paged Resource Graph query): compared as
  // compareValues compares two strings, without its type tests per comparison.
  const stringKey = keys.length === 1 && decorated.every((d) => typeof d.k[0] === 'string');
  if (stringKey) {
    const sign = keys[0]!.asc ? 1 : -1;
    const byString = (a: (typeof decorated)[number], b: (typeof decorated)[number]) => {
      const x = a.k[0] as string;
      const y = b.k[0] as string;
      return x < y ? -sign : x > y ? sign : 0;
    };
    // Rows already in order (a table kept sorted, a query sorted twice) are kept as they are.
    let sorted = true;
    for (let i = 1; i < decorated.length && sorted; i++)
      sorted = byString(decorated[i - 1]!, decorated[i]!) <= 0;
    if (!sorted) decorated.sort(byString);
    return { columns: input.columns, rows: decorated.map((d) => d.r) };
  }
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const { asc, nullsFirst } = keys[i]!;
      const x = a.k[i] ?? null;
      const y = b.k[i] ?? null;
      if (isNull(x) && isNull(y)) continue;
      if (isNull(x)) return nullsFirst ? -1 : 1;
      if (isNull(y)) return nullsFirst ? 1 : -1;
      const c = compareValues(x, y);
      if (c !== 0) return asc ? c : -c;
    }
    return 0;
  });
  return { columns: input.columns, rows: decorated.map((d) => d.r) };
}
