import { KqlError, unsupported } from './kqlError.js';
import {
  children,
  classOf,
  firstToken,
  kindOf,
  nameText,
  positionOf,
  textOf,
  tokens,
  type SyntaxNode,
} from './kustoSyntax.js';
import { SCALAR_FUNCTIONS, type EvalContext } from './scalarFunctions.js';
import {
  compareValues,
  equalValues,
  isNull,
  parseDateTime,
  parseTimespan,
  Timespan,
  toKqlString,
  type Column,
  type KqlTable,
  type KqlType,
  type Value,
} from './values.js';

export type Row = Value[];

/** A compiled scalar expression: evaluate it per row. */
export interface Compiled {
  fn: (row: Row) => Value;
  type: KqlType;
}

/** A `let` binding: a scalar value or a table. */
export type LetBinding =
  { kind: 'scalar'; value: Value; type: KqlType } | { kind: 'table'; table: () => KqlTable };

/** What names mean where an expression is compiled. */
export interface Scope {
  columns: Column[];
  lets: Map<string, LetBinding>;
  ctx: EvalContext;
  /** Evaluates a tabular expression (for `in (T | project x)`); provided by the query runner. */
  tabular: (node: SyntaxNode, lets: Map<string, LetBinding>) => KqlTable;
}

export function columnIndex(scope: Pick<Scope, 'columns'>, name: string, node?: SyntaxNode): number {
  const i = scope.columns.findIndex((c) => c.name === name);
  if (i < 0) {
    throw new KqlError(
      'semantic',
      `The name '${name}' does not refer to any known column, table, variable or function.`,
      node ? positionOf(node) : undefined,
    );
  }
  return i;
}

const constant = (value: Value, type: KqlType): Compiled => ({ fn: () => value, type });

function literal(node: SyntaxNode): Compiled {
  const kind = kindOf(node);
  const text = textOf(node);
  if (/^\w+\(\s*null\s*\)$/i.test(text)) {
    const typed: Record<string, KqlType> = {
      LongLiteralExpression: 'long',
      IntLiteralExpression: 'int',
      RealLiteralExpression: 'real',
      BooleanLiteralExpression: 'bool',
      DateTimeLiteralExpression: 'datetime',
      TimespanLiteralExpression: 'timespan',
      GuidLiteralExpression: 'guid',
    };
    return constant(null, typed[kind] ?? 'dynamic');
  }
  switch (kind) {
    case 'StringLiteralExpression':
      return constant(parseStringLiteral(text, node), 'string');
    case 'LongLiteralExpression':
      return constant(Number(text.replace(/^long\((.*)\)$/i, '$1')), 'long');
    case 'IntLiteralExpression':
      return constant(Number(text.replace(/^int\((.*)\)$/i, '$1')), 'int');
    case 'RealLiteralExpression':
      return constant(Number(text.replace(/^(real|double)\((.*)\)$/i, '$2')), 'real');
    case 'BooleanLiteralExpression':
      return constant(/true/i.test(text), 'bool');
    case 'NullLiteralExpression':
      return constant(null, 'dynamic');
    case 'DateTimeLiteralExpression': {
      const d = parseDateTime(text);
      if (!d) throw new KqlError('syntax', `Invalid datetime literal ${text}`, positionOf(node));
      return constant(d, 'datetime');
    }
    case 'TimespanLiteralExpression': {
      const t = parseTimespan(text);
      if (!t) throw new KqlError('syntax', `Invalid timespan literal ${text}`, positionOf(node));
      return constant(t, 'timespan');
    }
    case 'GuidLiteralExpression':
      return constant(text.replace(/^guid\((.*)\)$/i, '$1').toLowerCase(), 'guid');
    case 'TokenLiteralExpression':
      return constant(text, 'string');
    default:
      throw unsupported(`The literal ${text}`, positionOf(node));
  }
}

/** Decodes a KQL string literal: '...', "...", verbatim @'...', multi-part 'a' 'b'. */
export function parseStringLiteral(text: string, node?: SyntaxNode): string {
  let out = '';
  const re = /(@?)(h?)(['"])((?:\\.|(?!\3).)*)\3\s*/gsy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text))) {
    consumed = re.lastIndex;
    const [, verbatim, , quote, body] = m;
    if (verbatim) out += body!.replaceAll(quote! + quote!, quote!);
    else
      out += body!.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
        if (c.startsWith('u') && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
        return { n: '\n', t: '\t', r: '\r', '0': '\0' }[c] ?? c;
      });
  }
  if (consumed !== text.length)
    throw unsupported(`The string literal ${text}`, node ? positionOf(node) : undefined);
  return out;
}

function hasTerm(haystack: string, needle: string): boolean {
  if (needle === '') return true;
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  let from = 0;
  for (;;) {
    const i = h.indexOf(n, from);
    if (i < 0) return false;
    const beforeOk = !isWord(n[0]) || !isWord(h[i - 1]);
    const afterOk = !isWord(n[n.length - 1]) || !isWord(h[i + n.length]);
    if (beforeOk && afterOk) return true;
    from = i + 1;
  }
}

type StringTest = (a: string, b: string) => boolean;
const lower = (s: string) => s.toLowerCase();
const STRING_OPERATORS: Record<string, StringTest> = {
  '=~': (a, b) => lower(a) === lower(b),
  '!~': (a, b) => lower(a) !== lower(b),
  has: hasTerm,
  '!has': (a, b) => !hasTerm(a, b),
  has_cs: (a, b) => hasTerm(a, b) && a.includes(b),
  '!has_cs': (a, b) => !(hasTerm(a, b) && a.includes(b)),
  hasprefix: (a, b) =>
    lower(a)
      .split(/[^\p{L}\p{N}_]+/u)
      .some((t) => t.startsWith(lower(b))),
  contains: (a, b) => lower(a).includes(lower(b)),
  '!contains': (a, b) => !lower(a).includes(lower(b)),
  contains_cs: (a, b) => a.includes(b),
  '!contains_cs': (a, b) => !a.includes(b),
  startswith: (a, b) => lower(a).startsWith(lower(b)),
  '!startswith': (a, b) => !lower(a).startsWith(lower(b)),
  startswith_cs: (a, b) => a.startsWith(b),
  '!startswith_cs': (a, b) => !a.startsWith(b),
  endswith: (a, b) => lower(a).endsWith(lower(b)),
  '!endswith': (a, b) => !lower(a).endsWith(lower(b)),
  endswith_cs: (a, b) => a.endsWith(b),
  '!endswith_cs': (a, b) => !a.endsWith(b),
};

function arithmetic(op: string, a: Value, b: Value): Value {
  if (isNull(a) || isNull(b)) return null;
  if (a instanceof Date && b instanceof Timespan)
    return new Date(op === '+' ? a.getTime() + b.ms : a.getTime() - b.ms);
  if (a instanceof Timespan && b instanceof Date && op === '+') return new Date(b.getTime() + a.ms);
  if (a instanceof Date && b instanceof Date && op === '-') return new Timespan(a.getTime() - b.getTime());
  if (a instanceof Timespan && b instanceof Timespan) {
    if (op === '+') return new Timespan(a.ms + b.ms);
    if (op === '-') return new Timespan(a.ms - b.ms);
    if (op === '/') return a.ms / b.ms;
  }
  if (a instanceof Timespan && typeof b === 'number') {
    if (op === '*') return new Timespan(a.ms * b);
    if (op === '/') return new Timespan(a.ms / b);
  }
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    case '%':
      return b === 0 ? null : a % b;
  }
  return null;
}

function arithmeticType(op: string, a: KqlType, b: KqlType): KqlType {
  if (a === 'datetime' && b === 'datetime') return 'timespan';
  if (a === 'datetime' || b === 'datetime') return 'datetime';
  if (a === 'timespan' && b === 'timespan' && op === '/') return 'real';
  if (a === 'timespan' || b === 'timespan') return 'timespan';
  if (op === '/' && a !== 'real' && b !== 'real') return 'long';
  return a === 'real' || b === 'real' ? 'real' : 'long';
}

function comparison(op: string, a: Value, b: Value): boolean | null {
  if (isNull(a) || isNull(b)) return op === '!=' ? !(isNull(a) && isNull(b)) : op === '==' ? false : null;
  if (op === '==') return equalValues(a, b);
  if (op === '!=' || op === '<>') return !equalValues(a, b);
  let c: number;
  if (typeof a === 'number' && typeof b === 'string') c = a - Number(b);
  else if (typeof a === 'string' && typeof b === 'number') c = Number(a) - b;
  else if (a instanceof Date && typeof b === 'string') c = a.getTime() - (parseDateTime(b)?.getTime() ?? NaN);
  else c = compareValues(a, b);
  if (Number.isNaN(c)) return null;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function operatorText(node: SyntaxNode): string {
  const t = tokens(node)[0];
  return String(t?.Text ?? '').toLowerCase();
}

/** Reads a dynamic value's member, case-sensitively as Kusto does. */
function member(v: Value, key: string | number): Value {
  if (v === null || typeof v !== 'object') return null;
  if (v instanceof Date || v instanceof Timespan) return null;
  if (typeof key === 'number') {
    if (!Array.isArray(v)) return null;
    const i = key < 0 ? v.length + key : key;
    return (v[i] as Value) ?? null;
  }
  if (Array.isArray(v)) return null;
  const out = (v as Record<string, unknown>)[key];
  return out === undefined ? null : (out as Value);
}

/** The column name Kusto gives an unnamed expression (`properties.x` becomes `properties_x`). */
export function defaultColumnName(node: SyntaxNode): string | undefined {
  const cls = classOf(node);
  if (cls === 'NameReference') return nameText(node);
  if (cls === 'PathExpression' || cls === 'ElementExpression') {
    const [base, sel] = children(node);
    const left = base ? defaultColumnName(base) : undefined;
    let right: string | undefined;
    if (sel && classOf(sel) === 'BracketedExpression') {
      const inner = children(sel)[0];
      right =
        inner && kindOf(inner) === 'StringLiteralExpression' ? parseStringLiteral(textOf(inner)) : undefined;
      if (inner && kindOf(inner) === 'LongLiteralExpression') right = textOf(inner);
    } else if (sel) right = defaultColumnName(sel);
    return left && right !== undefined ? `${left}_${right}` : undefined;
  }
  if (cls === 'ParenthesizedExpression') {
    const inner = children(node)[0];
    return inner ? defaultColumnName(inner) : undefined;
  }
  return undefined;
}

/** Name and argument nodes of a function call. */
export function callParts(node: SyntaxNode): { name: string; args: SyntaxNode[] } {
  const [nameRef, argList] = children(node);
  return {
    name: String(firstToken(nameRef)?.Text ?? '').toLowerCase(),
    args: argList ? children(argList) : [],
  };
}

/** Compiles a scalar expression against the scope's columns. */
export function compileExpression(node: SyntaxNode, scope: Scope): Compiled {
  const cls = classOf(node);
  const kind = kindOf(node);
  switch (cls) {
    case 'LiteralExpression':
      return literal(node);
    case 'ParenthesizedExpression':
      return compileExpression(children(node)[0], scope);
    case 'NameReference': {
      const name = nameText(node);
      const col = scope.columns.findIndex((c) => c.name === name);
      if (col >= 0) return { fn: (row) => row[col] ?? null, type: scope.columns[col]!.type };
      const bound = scope.lets.get(name);
      if (bound?.kind === 'scalar') return constant(bound.value, bound.type);
      columnIndex(scope, name, node);
      throw new KqlError('semantic', `Unknown name ${name}`, positionOf(node));
    }
    case 'PathExpression': {
      const [base, selector] = children(node);
      const b = compileExpression(base, scope);
      const key = nameText(selector);
      return { fn: (row) => member(b.fn(row), key), type: 'dynamic' };
    }
    case 'ElementExpression': {
      const [base, bracket] = children(node);
      const b = compileExpression(base, scope);
      const index = compileExpression(children(bracket)[0], scope);
      return {
        fn: (row) => {
          const k = index.fn(row);
          return member(b.fn(row), typeof k === 'number' ? k : toKqlString(k));
        },
        type: 'dynamic',
      };
    }
    case 'DynamicExpression': {
      const text = textOf(node)
        .replace(/^dynamic\s*\(/i, '')
        .replace(/\)$/, '');
      try {
        const value = JSON.parse(text.trim() === '' ? 'null' : text) as Value;
        return constant(value, 'dynamic');
      } catch {
        throw unsupported(`The dynamic literal ${textOf(node)}`, positionOf(node));
      }
    }
    case 'PrefixUnaryExpression': {
      const inner = compileExpression(children(node)[0], scope);
      if (kind === 'UnaryMinusExpression') {
        return {
          fn: (row) =>
            arithmetic('*', inner.fn(row), -1) ??
            (inner.fn(row) instanceof Timespan ? new Timespan(-(inner.fn(row) as Timespan).ms) : null),
          type: inner.type,
        };
      }
      return inner;
    }
    case 'BinaryExpression':
      return compileBinary(node, scope);
    case 'InExpression':
      return compileIn(node, scope);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return compileHasAny(node, scope, cls === 'HasAllExpression');
    case 'BetweenExpression': {
      const [value, couple] = children(node);
      const v = compileExpression(value, scope);
      const [lo, hi] = children(couple).map((n: SyntaxNode) => compileExpression(n, scope));
      const negate = kind === 'NotBetweenExpression';
      return {
        fn: (row) => {
          const x = v.fn(row);
          const ge = comparison('>=', x, lo!.fn(row));
          const le = comparison('<=', x, hi!.fn(row));
          if (ge === null || le === null) return null;
          return negate ? !(ge && le) : ge && le;
        },
        type: 'bool',
      };
    }
    case 'FunctionCallExpression':
      return compileCall(node, scope);
    default:
      throw unsupported(`The expression '${textOf(node)}' (${cls})`, positionOf(node));
  }
}

function compileBinary(node: SyntaxNode, scope: Scope): Compiled {
  const [leftNode, rightNode] = children(node);
  const op = operatorText(node);
  const left = compileExpression(leftNode, scope);
  const right = compileExpression(rightNode, scope);
  if (op === 'and') {
    return {
      fn: (row) => {
        const a = left.fn(row);
        if (a === false) return false;
        const b = right.fn(row);
        if (b === false) return false;
        return a === true && b === true ? true : null;
      },
      type: 'bool',
    };
  }
  if (op === 'or') {
    return {
      fn: (row) => {
        const a = left.fn(row);
        if (a === true) return true;
        const b = right.fn(row);
        if (b === true) return true;
        return a === false && b === false ? false : null;
      },
      type: 'bool',
    };
  }
  if (['+', '-', '*', '/', '%'].includes(op)) {
    return {
      fn: (row) => arithmetic(op, left.fn(row), right.fn(row)),
      type: arithmeticType(op, left.type, right.type),
    };
  }
  if (['==', '!=', '<>', '<', '<=', '>', '>='].includes(op)) {
    return { fn: (row) => comparison(op, left.fn(row), right.fn(row)), type: 'bool' };
  }
  if (op === 'matches regex' || op === 'matches') {
    return {
      fn: (row) => {
        const pattern = toKqlString(right.fn(row));
        return regexFor(pattern).test(toKqlString(left.fn(row)));
      },
      type: 'bool',
    };
  }
  const test = STRING_OPERATORS[op];
  if (!test) throw unsupported(`The operator '${op}'`, positionOf(node));
  return { fn: (row) => test(toKqlString(left.fn(row)), toKqlString(right.fn(row))), type: 'bool' };
}

const regexes = new Map<string, RegExp>();
function regexFor(pattern: string): RegExp {
  let re = regexes.get(pattern);
  if (!re) {
    re = pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
    regexes.set(pattern, re);
  }
  return re;
}

/** The values of an `in (...)` list: scalars, or the first column of a tabular expression. */
function listValues(listNode: SyntaxNode, scope: Scope): Compiled[] {
  const items = children(listNode);
  const out: Compiled[] = [];
  for (let item of items) {
    while (classOf(item) === 'ParenthesizedExpression' && classOf(children(item)[0]) === 'PipeExpression') {
      item = children(item)[0];
    }
    const cls = classOf(item);
    const isTableRef = cls === 'NameReference' && scope.lets.get(nameText(item))?.kind === 'table';
    if (cls === 'PipeExpression' || isTableRef) {
      const table = scope.tabular(item, scope.lets);
      for (const row of table.rows) out.push(constant(row[0] ?? null, table.columns[0]?.type ?? 'dynamic'));
      continue;
    }
    const c = compileExpression(item, scope);
    out.push(c);
  }
  return out;
}

function compileIn(node: SyntaxNode, scope: Scope): Compiled {
  const [valueNode, listNode] = children(node);
  const op = operatorText(node);
  const value = compileExpression(valueNode, scope);
  const items = listValues(listNode, scope);
  const insensitive = op.endsWith('~');
  const negate = op.startsWith('!');
  const allConstant = items.every((i) => i.fn.length === 0);
  const flatten = (vals: Value[]) => vals.flatMap((v) => (Array.isArray(v) ? (v as Value[]) : [v]));
  const norm = (v: Value) => (insensitive ? toKqlString(v).toLowerCase() : v);
  if (allConstant) {
    const set = flatten(items.map((i) => i.fn([]))).map(norm);
    const lookup = new Set(set.map((v) => (typeof v === 'string' ? `s${v}` : JSON.stringify(v))));
    return {
      fn: (row) => {
        const v = value.fn(row);
        if (isNull(v)) return negate;
        const n = norm(v);
        const found =
          lookup.has(typeof n === 'string' ? `s${n}` : JSON.stringify(n)) ||
          set.some((s) => equalValues(n, s));
        return negate ? !found : found;
      },
      type: 'bool',
    };
  }
  return {
    fn: (row) => {
      const v = value.fn(row);
      if (isNull(v)) return negate;
      const n = norm(v);
      const found = flatten(items.map((i) => i.fn(row))).some((x) => equalValues(n, norm(x)));
      return negate ? !found : found;
    },
    type: 'bool',
  };
}

function compileHasAny(node: SyntaxNode, scope: Scope, all: boolean): Compiled {
  const [valueNode, listNode] = children(node);
  const value = compileExpression(valueNode, scope);
  const items = listValues(listNode, scope);
  return {
    fn: (row) => {
      const text = toKqlString(value.fn(row));
      const needles = items.flatMap((i) => {
        const v = i.fn(row);
        return Array.isArray(v) ? (v as Value[]) : [v];
      });
      const test = (n: Value) => hasTerm(text, toKqlString(n));
      return all ? needles.every(test) : needles.some(test);
    },
    type: 'bool',
  };
}

function compileCall(node: SyntaxNode, scope: Scope): Compiled {
  const { name, args } = callParts(node);
  if (name === 'column_ifexists') {
    const [colNode, fallback] = args;
    const colName = parseStringLiteral(textOf(colNode));
    const i = scope.columns.findIndex((c) => c.name === colName);
    if (i >= 0) return { fn: (row) => row[i] ?? null, type: scope.columns[i]!.type };
    return compileExpression(fallback, scope);
  }
  if (name === 'typeof') throw unsupported('typeof() outside mv-expand', positionOf(node));
  const fn = SCALAR_FUNCTIONS[name];
  if (!fn) {
    if (isAggregateName(name)) {
      throw new KqlError(
        'semantic',
        `Function '${name}' is an aggregation and can only be used in summarize`,
        positionOf(node),
      );
    }
    throw unsupported(`The function '${name}'`, positionOf(node));
  }
  if (args.length < fn.min || args.length > fn.max) {
    throw new KqlError(
      'semantic',
      `Function '${name}' expects ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} argument(s), got ${args.length}`,
      positionOf(node),
    );
  }
  const compiled = args.map((a) => compileExpression(a, scope));
  const ctx = scope.ctx;
  const type = fn.type(compiled.map((c) => c.type));
  if (compiled.length === 0) return { fn: () => fn.fn([], ctx), type };
  const varying = compiled.filter((c) => c.fn.length !== 0);
  if (varying.length === 1) return { fn: memoized(fn, compiled, ctx), type };
  // One argument array per call site, refilled per row: functions read their arguments
  // synchronously and keep none of them.
  const buffer = new Array<Value>(compiled.length);
  if (compiled.length === 1) {
    const [a] = compiled as [Compiled];
    return {
      fn: (row) => {
        buffer[0] = a.fn(row);
        return fn.fn(buffer, ctx);
      },
      type,
    };
  }
  return {
    fn: (row) => {
      for (let i = 0; i < compiled.length; i++) buffer[i] = compiled[i]!.fn(row);
      return fn.fn(buffer, ctx);
    },
    type,
  };
}

/** Misses after which a call site keeps its memo only if it had as many hits. */
const MEMO_TRIAL = 10_000;
/** Results a call site keeps at most; past that it starts again. */
const MEMO_SIZE = 100_000;

/**
 * A call whose arguments are constants but one: its results by that argument's value when it is a
 * string. Log rows repeat the same vault ids, request URIs and claims thousands of times, and every
 * scalar function is deterministic within a query (now() and ago() read the query's fixed clock),
 * so `tolower(_ResourceId)` or `extract(..., Id)` is computed once per distinct value. A call site
 * whose values rarely repeat stops memoising after a trial.
 */
function memoized(
  fn: (typeof SCALAR_FUNCTIONS)[string],
  compiled: Compiled[],
  ctx: Scope['ctx'],
): (row: Row) => Value {
  const at = compiled.findIndex((c) => c.fn.length !== 0);
  const arg = compiled[at]!.fn;
  // Constants are evaluated once; the buffer is refilled at `at` per row (functions read their
  // arguments synchronously and keep none of them).
  const buffer = compiled.map((c) => (c.fn.length === 0 ? c.fn([]) : null));
  let memo: Map<string, Value> | undefined = new Map();
  let hits = 0;
  let misses = 0;
  return (row) => {
    const v = arg(row);
    if (memo === undefined || typeof v !== 'string') {
      buffer[at] = v;
      return fn.fn(buffer, ctx);
    }
    const known = memo.get(v);
    if (known !== undefined) {
      hits++;
      return known;
    }
    if (++misses === MEMO_TRIAL && hits < misses) memo = undefined;
    else if (memo.size >= MEMO_SIZE) memo.clear();
    buffer[at] = v;
    const result = fn.fn(buffer, ctx);
    if (result !== undefined) memo?.set(v, result);
    return result;
  };
}

const AGGREGATE_NAMES = new Set([
  'count',
  'countif',
  'dcount',
  'dcountif',
  'sum',
  'sumif',
  'min',
  'max',
  'avg',
  'make_set',
  'make_set_if',
  'make_list',
  'make_list_if',
  'make_bag',
  'arg_max',
  'arg_min',
  'any',
  'take_any',
]);
function isAggregateName(name: string): boolean {
  return AGGREGATE_NAMES.has(name);
}
