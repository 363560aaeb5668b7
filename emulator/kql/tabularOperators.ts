import { AGGREGATES, ARG_EXTREMES, type Accumulator } from './aggregates.js';
import {
  callParts,
  columnIndex,
  compileExpression,
  defaultColumnName,
  parseStringLiteral,
  type Compiled,
  type LetBinding,
  type Row,
  type Scope,
} from './compileExpression.js';
import { KqlError, unsupported } from './kqlError.js';
import {
  children,
  classOf,
  firstToken,
  nameText,
  positionOf,
  textOf,
  tokens,
  type SyntaxNode,
} from './kustoSyntax.js';
import {
  coerce,
  compareValues,
  isNull,
  KQL_TYPES,
  Timespan,
  toKqlString,
  valueKey,
  type Column,
  type KqlTable,
  type KqlType,
  type Value,
} from './values.js';

/** Evaluates a tabular expression; the runner passes itself in so operators can nest. */
export type TabularEvaluator = (node: SyntaxNode, lets: Map<string, LetBinding>) => KqlTable;

export interface OperatorContext {
  scope: (columns: Column[]) => Scope;
  evaluate: TabularEvaluator;
  lets: Map<string, LetBinding>;
}

/** Applies one pipe operator (`where`, `summarize`, ...) to a table. */
export function applyOperator(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  switch (classOf(op)) {
    case 'FilterOperator':
      return filter(op, input, cx);
    case 'ProjectOperator':
      return project(op, input, cx, false);
    case 'ExtendOperator':
      return project(op, input, cx, true);
    case 'ProjectAwayOperator':
      return projectAway(op, input);
    case 'ProjectKeepOperator':
      return projectKeep(op, input);
    case 'ProjectRenameOperator':
      return projectRename(op, input);
    case 'SummarizeOperator':
      return summarize(op, input, cx);
    case 'CountOperator':
      return { columns: [{ name: 'Count', type: 'long' }], rows: [[input.rows.length]] };
    case 'DistinctOperator':
      return distinct(op, input, cx);
    case 'SortOperator':
      return sort(
        input,
        children(op).filter(
          (c) => classOf(c) === 'OrderedExpression' || !['NamedParameter'].includes(classOf(c)),
        ),
        cx,
      );
    case 'TopOperator': {
      const [countNode, ...order] = children(op);
      const n = Number(compileExpression(countNode, cx.scope([])).fn([]));
      return take(sort(input, order, cx), n);
    }
    case 'TakeOperator': {
      const countNode = children(op)
        .filter((c) => classOf(c) !== 'NamedParameter')
        .at(-1);
      return take(input, Number(compileExpression(countNode, cx.scope([])).fn([])));
    }
    case 'MvExpandOperator':
      return mvExpand(op, input, cx);
    case 'JoinOperator':
      return join(op, input, cx);
    case 'UnionOperator':
      return union(op, cx, input);
    case 'AsOperator': {
      const name = nameText(children(op).at(-1));
      cx.lets.set(name, { kind: 'table', table: () => input });
      return input;
    }
    case 'ParseOperator':
      return parse(op, input, cx);
    default: {
      const keyword = String(firstToken(op)?.Text ?? classOf(op));
      throw unsupported(`The operator '${keyword}'`, positionOf(op));
    }
  }
}

function filter(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const condition = children(op)
    .filter((c) => classOf(c) !== 'NamedParameter')
    .at(-1);
  const c = compileExpression(condition, cx.scope(input.columns));
  return { columns: input.columns, rows: input.rows.filter((r) => c.fn(r) === true) };
}

interface NamedColumn {
  name: string;
  compiled: Compiled;
}

function namedExpressions(nodes: SyntaxNode[], scope: Scope, fallback: () => string): NamedColumn[] {
  return nodes.map((n) => {
    if (classOf(n) === 'SimpleNamedExpression') {
      const [decl, expr] = children(n);
      return { name: nameText(decl), compiled: compileExpression(expr, scope) };
    }
    return { name: defaultColumnName(n) ?? fallback(), compiled: compileExpression(n, scope) };
  });
}

function project(op: SyntaxNode, input: KqlTable, cx: OperatorContext, extend: boolean): KqlTable {
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

function namePatterns(op: SyntaxNode): RegExp[] {
  return children(op).map((n) => {
    const text = nameText(n);
    return new RegExp(
      `^${text
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
  });
}

function selectColumns(input: KqlTable, keep: number[]): KqlTable {
  return {
    columns: keep.map((i) => input.columns[i]!),
    rows: input.rows.map((r) => keep.map((i) => r[i] ?? null)),
  };
}

function projectAway(op: SyntaxNode, input: KqlTable): KqlTable {
  const patterns = namePatterns(op);
  for (const [i, p] of patterns.entries()) {
    if (!p.source.includes('.*') && !input.columns.some((c) => p.test(c.name))) {
      columnIndex(input, nameText(children(op)[i]), children(op)[i]);
    }
  }
  const keep = input.columns
    .map((c, i) => (patterns.some((p) => p.test(c.name)) ? -1 : i))
    .filter((i) => i >= 0);
  return selectColumns(input, keep);
}

function projectKeep(op: SyntaxNode, input: KqlTable): KqlTable {
  const patterns = namePatterns(op);
  const keep = input.columns
    .map((c, i) => (patterns.some((p) => p.test(c.name)) ? i : -1))
    .filter((i) => i >= 0);
  return selectColumns(input, keep);
}

function projectRename(op: SyntaxNode, input: KqlTable): KqlTable {
  const columns = input.columns.map((c) => ({ ...c }));
  for (const n of children(op)) {
    const [decl, ref] = children(n);
    const i = columnIndex(input, nameText(ref), ref);
    columns[i]!.name = nameText(decl);
  }
  return { columns, rows: input.rows };
}

function take(input: KqlTable, n: number): KqlTable {
  return { columns: input.columns, rows: input.rows.slice(0, Math.max(0, n)) };
}

function sort(input: KqlTable, ordered: SyntaxNode[], cx: OperatorContext): KqlTable {
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

function distinct(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
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

function summarize(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
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
  const groups = new Map<string, Group>();
  const newGroup = (keys: Value[]): Group => ({
    keys,
    accs: aggregates.map((a) => a.create()),
    extremes: extremes.map(() => ({ best: null, row: null })),
  });
  if (byExprs.length === 0) groups.set('', newGroup([]));
  // Per-row work is the hot path over millions of log rows: no per-row closures or arrays here.
  const byCount = byExprs.length;
  const argBuffers = aggregates.map((a) => new Array<Value>(a.args.length));
  const keyBuffer = new Array<Value>(byCount);
  for (const row of input.rows) {
    let key = '';
    for (let k = 0; k < byCount; k++) {
      const v = byExprs[k]!.compiled.fn(row);
      keyBuffer[k] = v;
      key = k === 0 ? valueKey(v) : `${key}\u0001${valueKey(v)}`;
    }
    let g = groups.get(key);
    if (!g) {
      g = newGroup(keyBuffer.slice());
      groups.set(key, g);
    }
    for (let i = 0; i < aggregates.length; i++) {
      const args = aggregates[i]!.args;
      const buffer = argBuffers[i]!;
      for (let j = 0; j < args.length; j++) buffer[j] = args[j]!.fn(row);
      g.accs[i]!.add(buffer);
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
  }

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
  for (const cols of extremeColumns) columns.push(...cols.map(({ name, type }) => ({ name, type })));
  columns.push(...aggregates.map((a) => ({ name: a.name, type: a.type })));

  const rows = [...groups.values()].map((g) => {
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

function mvExpand(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const scope = cx.scope(input.columns);
  const expansions = children(op).filter((c) => classOf(c) === 'MvExpandExpression');
  if (expansions.length !== 1) throw unsupported('mv-expand of several columns at once', positionOf(op));
  const params = children(op).filter((c) => classOf(c) === 'NamedParameter');
  if (params.some((p) => /bagexpansion\s*=\s*array/i.test(textOf(p))))
    throw unsupported('mv-expand bagexpansion=array', positionOf(op));
  const [exprNode, toType] = children(expansions[0]);
  let name: string | undefined;
  let valueNode = exprNode;
  if (classOf(exprNode) === 'SimpleNamedExpression') {
    const [decl, expr] = children(exprNode);
    name = nameText(decl);
    valueNode = expr;
  }
  name ??= defaultColumnName(valueNode) ?? 'Column1';
  const compiled = compileExpression(valueNode, scope);
  let type: KqlType = 'dynamic';
  if (toType) {
    const typeName = textOf(toType)
      .replace(/^to\s+typeof\s*\(\s*|\s*\)$/gi, '')
      .toLowerCase();
    type = (KQL_TYPES as readonly string[]).includes(typeName) ? (typeName as KqlType) : 'dynamic';
  }
  const columns = [...input.columns];
  let target = columns.findIndex((c) => c.name === name);
  if (target >= 0) columns[target] = { name, type };
  else {
    columns.push({ name, type });
    target = columns.length - 1;
  }
  const rows: Row[] = [];
  for (const row of input.rows) {
    const v = compiled.fn(row);
    // Rows whose value is null or an empty array or bag produce no rows, as in Kusto.
    let items: unknown[];
    if (Array.isArray(v)) items = v;
    else if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Timespan)) {
      items = Object.entries(v).map(([k, x]) => ({ [k]: x }));
    } else if (isNull(v)) items = [];
    else items = [v];
    for (const item of items) {
      const out = row.slice();
      out[target] = type === 'dynamic' ? (item as Value) : coerce(item, type);
      rows.push(out);
    }
  }
  return { columns, rows };
}

type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'rightanti'
  | 'leftsemi'
  | 'rightsemi';
const JOIN_KINDS: Record<string, JoinKind> = {
  innerunique: 'innerunique',
  inner: 'inner',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
  leftsemi: 'leftsemi',
  rightsemi: 'rightsemi',
};

function join(op: SyntaxNode, left: KqlTable, cx: OperatorContext): KqlTable {
  const parts = children(op);
  let kind: JoinKind = 'innerunique';
  for (const p of parts.filter((c) => classOf(c) === 'NamedParameter')) {
    const [key, value] = children(p);
    const k = String(firstToken(key)?.Text ?? '').toLowerCase();
    if (k === 'kind') {
      const v = textOf(value).toLowerCase();
      const mapped = JOIN_KINDS[v];
      if (!mapped) throw unsupported(`join kind=${v}`, positionOf(p));
      kind = mapped;
    } else if (k !== 'hint.strategy' && !k.startsWith('hint'))
      throw unsupported(`join parameter ${k}`, positionOf(p));
  }
  const onClause = parts.find((c) => classOf(c) === 'JoinOnClause');
  if (!onClause) throw unsupported('join without an on clause', positionOf(op));
  const rightNode = parts.find((c) => c !== onClause && classOf(c) !== 'NamedParameter');
  const right = cx.evaluate(rightNode, cx.lets);

  const pairs: { l: number; r: number }[] = [];
  const visit = (n: SyntaxNode) => {
    const cls = classOf(n);
    if (cls === 'NameReference') {
      const name = nameText(n);
      pairs.push({ l: columnIndex(left, name, n), r: columnIndex(right, name, n) });
    } else if (cls === 'BinaryExpression' && tokens(n)[0]?.Text?.toLowerCase() === 'and') {
      children(n).forEach(visit);
    } else if (cls === 'BinaryExpression' && tokens(n)[0]?.Text === '==') {
      const sides = children(n).map((s: SyntaxNode) => {
        const [base, col] = children(s);
        const which = base ? nameText(base) : '';
        if (classOf(s) !== 'PathExpression' || !/^\$(left|right)$/.test(which)) {
          throw unsupported(`join condition '${textOf(n)}' (use $left.a == $right.b)`, positionOf(n));
        }
        return { which, name: nameText(col) };
      });
      const l = sides.find((s) => s.which === '$left');
      const r = sides.find((s) => s.which === '$right');
      if (!l || !r)
        throw new KqlError(
          'semantic',
          `join condition '${textOf(n)}' must compare $left with $right`,
          positionOf(n),
        );
      pairs.push({ l: columnIndex(left, l.name, n), r: columnIndex(right, r.name, n) });
    } else throw unsupported(`join condition '${textOf(n)}'`, positionOf(n));
  };
  children(onClause).forEach(visit);

  const keyOf = (row: Row, side: 'l' | 'r'): string | undefined => {
    const vals = pairs.map((p) => row[p[side]] ?? null);
    return vals.some(isNull) ? undefined : vals.map(valueKey).join('\u0001');
  };
  let leftRows = left.rows;
  if (kind === 'innerunique') {
    const seen = new Set<string | undefined>();
    leftRows = left.rows.filter((r) => {
      const k = keyOf(r, 'l');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  const rightIndex = new Map<string, Row[]>();
  for (const r of right.rows) {
    const k = keyOf(r, 'r');
    if (k === undefined) continue;
    const list = rightIndex.get(k);
    if (list) list.push(r);
    else rightIndex.set(k, [r]);
  }

  if (kind === 'leftsemi' || kind === 'leftanti') {
    const want = kind === 'leftsemi';
    return {
      columns: left.columns,
      rows: leftRows.filter((r) => rightIndex.has(keyOf(r, 'l') ?? '\u0000') === want),
    };
  }
  const leftKeys = new Set(leftRows.map((r) => keyOf(r, 'l')).filter((k): k is string => k !== undefined));
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const want = kind === 'rightsemi';
    return {
      columns: right.columns,
      rows: right.rows.filter((r) => leftKeys.has(keyOf(r, 'r') ?? '\u0000') === want),
    };
  }

  const leftNames = new Set(left.columns.map((c) => c.name));
  const rightColumns = right.columns.map((c) => {
    let name = c.name;
    let n = 1;
    while (leftNames.has(name)) name = `${c.name}${n++}`;
    leftNames.add(name);
    return { name, type: c.type };
  });
  const columns = [...left.columns, ...rightColumns];
  const nullLeft = left.columns.map(() => null);
  const nullRight = right.columns.map(() => null);
  const rows: Row[] = [];
  const matchedRight = new Set<Row>();
  for (const l of leftRows) {
    const k = keyOf(l, 'l');
    const matches = k === undefined ? undefined : rightIndex.get(k);
    if (matches) {
      for (const r of matches) {
        rows.push([...l, ...r]);
        matchedRight.add(r);
      }
    } else if (kind === 'leftouter' || kind === 'fullouter') rows.push([...l, ...nullRight]);
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (const r of right.rows) if (!matchedRight.has(r)) rows.push([...nullLeft, ...r]);
  }
  return { columns, rows };
}

function union(op: SyntaxNode, cx: OperatorContext, piped?: KqlTable): KqlTable {
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
  const rows: Row[] = [];
  for (const s of sources) {
    const map = columns.map((c) => s.table.columns.findIndex((x) => x.name === c.name));
    for (const r of s.table.rows) {
      rows.push(map.map((i, ci) => (withSource && ci === 0 ? s.name : i >= 0 ? (r[i] ?? null) : null)));
    }
  }
  return { columns, rows };
}

/** A top-level `union` (not after a pipe). */
export function unionSource(op: SyntaxNode, cx: OperatorContext): KqlTable {
  return union(op, cx);
}

function parse(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const parts = children(op);
  const params = parts.filter((c) => classOf(c) === 'NamedParameter');
  if (params.length) throw unsupported('parse with parameters (kind=regex/relaxed)', positionOf(op));
  const [sourceNode, ...pattern] = parts;
  const source = compileExpression(sourceNode, cx.scope(input.columns));
  let re = '^';
  const captures: Column[] = [];
  pattern.forEach((p, i) => {
    const cls = classOf(p);
    if (cls === 'LiteralExpression') {
      re += parseStringLiteral(textOf(p)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (cls === 'NameDeclaration' || cls === 'NameAndTypeDeclaration') {
      const [decl, typeNode] = cls === 'NameAndTypeDeclaration' ? children(p) : [p, undefined];
      const type = (typeNode ? textOf(typeNode).toLowerCase() : 'string') as KqlType;
      captures.push({ name: nameText(decl), type });
      re += i === pattern.length - 1 ? '(.*)' : '(.*?)';
    } else if (cls === 'StarExpression') {
      re += '.*?';
    } else throw unsupported(`parse pattern element '${textOf(p)}'`, positionOf(p));
  });
  const regex = new RegExp(re, 's');
  const columns = [...input.columns];
  const targets = captures.map((c) => {
    const i = columns.findIndex((x) => x.name === c.name);
    if (i >= 0) {
      columns[i] = c;
      return i;
    }
    columns.push(c);
    return columns.length - 1;
  });
  return {
    columns,
    rows: input.rows.map((r) => {
      const out = r.slice();
      while (out.length < columns.length) out.push(null);
      const m = regex.exec(toKqlString(source.fn(r)));
      captures.forEach(
        (c, i) => (out[targets[i]!] = m ? coerce(m[i + 1], c.type) : c.type === 'string' ? '' : null),
      );
      return out;
    }),
  };
}
