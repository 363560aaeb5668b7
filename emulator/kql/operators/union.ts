import { type Row } from '../compileExpression.js';
import { KqlError, unsupported } from '../kqlError.js';
import { children, classOf, firstToken, nameText, positionOf, textOf } from '../kustoSyntax.js';
import type { SyntaxNode } from '../kustoSyntax.js';
import { forEachRow, LazyTable } from '../lazyTable.js';
import { type Column, type KqlTable, type Value } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `| union T1, T2`: the piped table first, then the named ones. */
export function union(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  return unionTables(op, cx, input);
}

/** A top-level `union` (not after a pipe). */
export function unionSource(op: SyntaxNode, cx: OperatorContext): KqlTable {
  return unionTables(op, cx);
}

function unionTables(op: SyntaxNode, cx: OperatorContext, piped?: KqlTable): KqlTable {
  const parts = children(op);
  let withSource: string | undefined;
  let fuzzy = false;
  for (const p of parts.filter((c) => classOf(c) === 'NamedParameter')) {
    const [key, value] = children(p);
    const k = String(firstToken(key)?.Text ?? '').toLowerCase();
    if (k === 'withsource') withSource = nameText(value);
    else if (k === 'isfuzzy') fuzzy = /true/i.test(textOf(value));
    else if (k === 'kind') {
      if (!/outer/i.test(textOf(value))) throw unsupported(`union kind=${textOf(value)}`, positionOf(p));
    } else throw unsupported(`union parameter ${k}`, positionOf(p));
  }
  const sources: { name: string; table: KqlTable }[] = [];
  if (piped) sources.push({ name: 'union_arg0', table: piped });
  parts
    .filter((c) => classOf(c) !== 'NamedParameter')
    .forEach((n, i) => {
      try {
        const name = classOf(n) === 'NameReference' ? nameText(n) : `union_arg${i + (piped ? 1 : 0)}`;
        sources.push({ name, table: cx.evaluate(n, cx.lets) });
      } catch (e) {
        if (!(fuzzy && e instanceof KqlError && e.kind === 'semantic')) throw e;
        // Skipped, and said: "If at least one such table was found, any resolution failure yields a
        // warning in the query status results" (Kusto, union operator, isfuzzy).
        cx.warn(e.message);
      }
    });
  if (sources.length === 0)
    throw new KqlError('semantic', 'union: none of the tables could be resolved', positionOf(op));
  const columns: Column[] = withSource ? [{ name: withSource, type: 'string' }] : [];
  for (const s of sources) {
    for (const c of s.table.columns) {
      const existing = columns.find((x) => x.name === c.name);
      if (!existing) columns.push({ ...c });
      else if (existing.type !== c.type) existing.type = 'dynamic';
    }
  }
  const legs = sources.map((s) => {
    const map = columns.map((c) => s.table.columns.findIndex((x) => x.name === c.name));
    // A leg whose columns are the union's, in order, passes its rows on as they are.
    const same = !withSource && map.length === s.table.columns.length && map.every((i, ci) => i === ci);
    return { ...s, map, same };
  });
  const width = columns.length;
  return new LazyTable(columns, (sink) => {
    for (const { name, table, map, same } of legs) {
      if (same) {
        forEachRow(table, sink);
        continue;
      }
      forEachRow(table, (r: Row) => {
        const out = new Array<Value>(width);
        for (let ci = 0; ci < width; ci++) {
          const i = map[ci]!;
          out[ci] = withSource && ci === 0 ? name : i >= 0 ? (r[i] ?? null) : null;
        }
        sink(out);
      });
    }
  });
}
