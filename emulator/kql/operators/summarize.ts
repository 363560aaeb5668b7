import { type Accumulator, AGGREGATES, ARG_EXTREMES } from '../aggregates.js';
import {
  callParts,
  columnIndex,
  type Compiled,
  compileExpression,
  defaultColumnName,
  type Row,
} from '../compileExpression.js';
import { KqlError, unsupported } from '../kqlError.js';
import { children, classOf, nameText, positionOf, type SyntaxNode, textOf } from '../kustoSyntax.js';
import { type Column, compareValues, isNull, type KqlTable, type KqlType, type Value } from '../values.js';
import { GroupIndex } from '../groupIndex.js';
import { forEachRow } from '../lazyTable.js';
import { type OperatorContext } from './operatorContext.js';

interface AggregateSpec {
  name: string;
  args: Compiled[];
  create: () => Accumulator;
  type: KqlType;
}

interface ArgExtremeSpec {
  kind: 'arg_max' | 'arg_min';
  by: Compiled;
  byName: string;
  /** Input column indexes returned with the extreme row. */
  columns: number[];
}

/** `summarize aggregates by keys`, including `arg_max`/`arg_min`, in one pass over the rows. */
export function summarize(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const scope = cx.scope(input.columns);
  const parts = children(op).filter((c) => classOf(c) !== 'NamedParameter');
  const byClause = parts.find((c) => classOf(c) === 'SummarizeByClause');
  const aggNodes = parts.filter((c) => c !== byClause);
  let counter = 0;
  const byExprs = byClause
    ? children(byClause).map((n) => {
        if (classOf(n) === 'SimpleNamedExpression') {
          const [decl, expr] = children(n);
          return { name: nameText(decl), compiled: compileExpression(expr, scope) };
        }
        let name = defaultColumnName(n);
        if (!name && classOf(n) === 'FunctionCallExpression') {
          const { name: fn, args } = callParts(n);
          if ((fn === 'bin' || fn === 'floor') && args[0]) name = defaultColumnName(args[0]);
        }
        return { name: name ?? `Column${++counter}`, compiled: compileExpression(n, scope) };
      })
    : [];

  const aggregates: AggregateSpec[] = [];
  const extremes: ArgExtremeSpec[] = [];
  for (const node of aggNodes) {
    let alias: string | undefined;
    let call = node;
    if (classOf(node) === 'SimpleNamedExpression') {
      const [decl, expr] = children(node);
      alias = nameText(decl);
      call = expr;
    }
    if (classOf(call) !== 'FunctionCallExpression') {
      throw new KqlError(
        'semantic',
        `summarize expects aggregation functions, got '${textOf(call)}'`,
        positionOf(call),
      );
    }
    const { name, args } = callParts(call);
    if (ARG_EXTREMES.has(name)) {
      const [byNode, ...rest] = args;
      const columns =
        rest.length === 1 && classOf(rest[0]) === 'StarExpression'
          ? input.columns.map((_, i) => i)
          : rest.map((r) => columnIndex(input, nameText(r), r));
      extremes.push({
        kind: name as 'arg_max' | 'arg_min',
        by: compileExpression(byNode, scope),
        byName: alias ?? defaultColumnName(byNode) ?? `${name}_`,
        columns,
      });
      continue;
    }
    const agg = AGGREGATES[name];
    if (!agg) throw unsupported(`The aggregation function '${name}'`, positionOf(call));
    if (args.length < agg.min || args.length > agg.max) {
      throw new KqlError(
        'semantic',
        `Aggregation '${name}' expects ${agg.min} to ${agg.max} argument(s), got ${args.length}`,
        positionOf(call),
      );
    }
    const compiled = args.map((a) => compileExpression(a, scope));
    const argName = args[0] ? defaultColumnName(args[0]) : undefined;
    aggregates.push({
      name: alias ?? (name === 'count' ? 'count_' : argName ? `${name}_${argName}` : `${name}_`),
      args: compiled,
      create: agg.create,
      type: agg.type(compiled.map((c) => c.type)),
    });
  }

  interface Group {
    keys: Value[];
    accs: Accumulator[];
    extremes: { best: Value; row: Row | null }[];
  }
  const groups = new GroupIndex<Group>(byExprs.length);
  const newGroup = (keys: Value[]): Group => ({
    keys,
    accs: aggregates.map((a) => a.create()),
    extremes: extremes.map(() => ({ best: null, row: null })),
  });
  if (byExprs.length === 0) groups.insert([], newGroup([]));
  // Per-row work is the hot path over millions of log rows: no per-row closures, arrays or key
  // strings here.
  const byCount = byExprs.length;
  const byFns = byExprs.map((b) => b.compiled.fn);
  const argBuffers = aggregates.map((a) => new Array<Value>(a.args.length));
  const argFns = aggregates.map((a) => a.args.map((c) => c.fn));
  const keyBuffer = new Array<Value>(byCount);
  forEachRow(input, (row) => {
    for (let k = 0; k < byCount; k++) keyBuffer[k] = byFns[k]!(row);
    let g = groups.find(keyBuffer);
    if (!g) {
      const keys = keyBuffer.slice();
      g = groups.insert(keys, newGroup(keys));
    }
    for (let i = 0; i < argFns.length; i++) {
      const acc = g.accs[i]!;
      if (acc.done) continue;
      const args = argFns[i]!;
      const buffer = argBuffers[i]!;
      for (let j = 0; j < args.length; j++) buffer[j] = args[j]!(row);
      acc.add(buffer);
    }
    for (let i = 0; i < extremes.length; i++) {
      const e = extremes[i]!;
      const v = e.by.fn(row);
      const slot = g.extremes[i]!;
      if (isNull(v)) {
        if (!slot.row) slot.row = row;
        continue;
      }
      const c = slot.best === null ? 1 : compareValues(v, slot.best) * (e.kind === 'arg_max' ? 1 : -1);
      if (c > 0) {
        slot.best = v;
        slot.row = row;
      }
    }
  });

  const columns: Column[] = byExprs.map((b) => ({ name: b.name, type: b.compiled.type }));
  const used = new Set(columns.map((c) => c.name));
  const extremeColumns = extremes.map((e) => {
    const cols: { name: string; type: KqlType; index: number | 'by' }[] = [
      { name: e.byName, type: e.by.type, index: 'by' },
    ];
    used.add(e.byName);
    for (const i of e.columns) {
      const c = input.columns[i]!;
      if (used.has(c.name)) continue;
      used.add(c.name);
      cols.push({ name: c.name, type: c.type, index: i });
    }
    return cols;
  });
  for (const cols of extremeColumns) for (const { name, type } of cols) columns.push({ name, type });
  for (const a of aggregates) columns.push({ name: a.name, type: a.type });

  const rows = groups.values().map((g) => {
    const row: Value[] = [...g.keys];
    extremeColumns.forEach((cols, i) => {
      const slot = g.extremes[i]!;
      for (const c of cols) row.push(c.index === 'by' ? slot.best : (slot.row?.[c.index] ?? null));
    });
    for (const acc of g.accs) row.push(acc.result());
    return row;
  });
  return { columns, rows };
}
