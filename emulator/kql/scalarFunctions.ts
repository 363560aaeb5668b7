import { coerce, equalValues, isNull, toKqlString } from './values.js';
import { parseDateTime, parseTimespan, Timespan, type KqlType, type Value } from './values.js';

export interface EvalContext {
  now: Date;
}

/** A scalar function: arity, result type from argument types, and the function itself. */
export interface ScalarFunction {
  min: number;
  max: number;
  type: (args: KqlType[]) => KqlType;
  fn: (args: Value[], ctx: EvalContext) => Value;
}

const fixed = (t: KqlType) => (): KqlType => t;
const firstArg = (args: KqlType[]): KqlType => args[0] ?? 'dynamic';

const regexCache = new Map<string, RegExp>();
const plainRegexCache = new Map<string, RegExp>();
function regex(pattern: string, flags = ''): RegExp {
  if (flags === '') {
    const cached = plainRegexCache.get(pattern);
    if (cached) return cached;
  }
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    // RE2 syntax is close enough to JavaScript's for the patterns audits use; (?i) is RE2's flag.
    let p = pattern;
    let f = flags;
    if (p.startsWith('(?i)')) {
      p = p.slice(4);
      f += 'i';
    }
    re = new RegExp(p, f);
    regexCache.set(key, re);
    if (flags === '') plainRegexCache.set(pattern, re);
  }
  return re;
}

function toNumber(v: Value): number | null {
  if (isNull(v)) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  if (v instanceof Timespan) return v.ms;
  const n = Number(toKqlString(v));
  return toKqlString(v).trim() === '' || Number.isNaN(n) ? null : n;
}

function isEmpty(v: Value): boolean {
  return isNull(v) || v === '';
}

function asArray(v: Value): readonly unknown[] | null {
  return Array.isArray(v) ? v : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function formatDateTime(d: Date, format: string): string {
  const tokens: [RegExp, (d: Date) => string][] = [
    [/yyyy/g, (x) => String(x.getUTCFullYear())],
    [/MM/g, (x) => pad(x.getUTCMonth() + 1)],
    [/dd/g, (x) => pad(x.getUTCDate())],
    [/HH/g, (x) => pad(x.getUTCHours())],
    [/mm/g, (x) => pad(x.getUTCMinutes())],
    [/ss/g, (x) => pad(x.getUTCSeconds())],
    [/fff/g, (x) => pad(x.getUTCMilliseconds(), 3)],
  ];
  let out = format;
  for (const [re, f] of tokens) out = out.replace(re, f(d));
  return out;
}

function bin(value: Value, size: Value): Value {
  if (isNull(value) || isNull(size)) return null;
  if (value instanceof Date) {
    const step = size instanceof Timespan ? size.ms : Number(size);
    return new Date(Math.floor(value.getTime() / step) * step);
  }
  if (value instanceof Timespan) {
    const step = size instanceof Timespan ? size.ms : Number(size);
    return new Timespan(Math.floor(value.ms / step) * step);
  }
  const n = toNumber(value);
  const step = toNumber(size);
  if (n === null || step === null || step === 0) return null;
  return Math.floor(n / step) * step;
}

function pack(args: Value[]): Value {
  const bag: Record<string, unknown> = {};
  for (let i = 0; i + 1 < args.length; i += 2) bag[toKqlString(args[i]!)] = args[i + 1];
  return bag;
}

/** The supported scalar functions, by lower-case name. */
export const SCALAR_FUNCTIONS: Record<string, ScalarFunction> = {
  isnull: { min: 1, max: 1, type: fixed('bool'), fn: ([v]) => isNull(v!) },
  isnotnull: { min: 1, max: 1, type: fixed('bool'), fn: ([v]) => !isNull(v!) },
  isempty: { min: 1, max: 1, type: fixed('bool'), fn: ([v]) => isEmpty(v!) },
  isnotempty: { min: 1, max: 1, type: fixed('bool'), fn: ([v]) => !isEmpty(v!) },
  not: { min: 1, max: 1, type: fixed('bool'), fn: ([v]) => (isNull(v!) ? null : !v) },
  iff: { min: 3, max: 3, type: (a) => a[1] ?? 'dynamic', fn: ([c, a, b]) => (c === true ? a! : b!) },
  iif: { min: 3, max: 3, type: (a) => a[1] ?? 'dynamic', fn: ([c, a, b]) => (c === true ? a! : b!) },
  case: {
    min: 3,
    max: 99,
    type: (a) => a[1] ?? 'dynamic',
    fn: (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1]!;
      return args[args.length - 1]!;
    },
  },
  coalesce: {
    min: 1,
    max: 64,
    type: firstArg,
    fn: (args) => args.find((v) => !isNull(v) && v !== '') ?? (args.at(-1) as Value) ?? null,
  },
  tostring: { min: 1, max: 1, type: fixed('string'), fn: ([v]) => toKqlString(v) },
  toint: {
    min: 1,
    max: 1,
    type: fixed('int'),
    fn: ([v]) => (toNumber(v!) === null ? null : Math.trunc(toNumber(v!)!)),
  },
  tolong: {
    min: 1,
    max: 1,
    type: fixed('long'),
    fn: ([v]) => (toNumber(v!) === null ? null : Math.trunc(toNumber(v!)!)),
  },
  todouble: { min: 1, max: 1, type: fixed('real'), fn: ([v]) => toNumber(v!) },
  toreal: { min: 1, max: 1, type: fixed('real'), fn: ([v]) => toNumber(v!) },
  tobool: {
    min: 1,
    max: 1,
    type: fixed('bool'),
    fn: ([v]) => coerce(typeof v === 'string' ? v.toLowerCase() : v, 'bool'),
  },
  toboolean: {
    min: 1,
    max: 1,
    type: fixed('bool'),
    fn: ([v]) => coerce(typeof v === 'string' ? v.toLowerCase() : v, 'bool'),
  },
  toguid: {
    min: 1,
    max: 1,
    type: fixed('guid'),
    fn: ([v]) => (isNull(v!) ? null : toKqlString(v).toLowerCase()),
  },
  todatetime: {
    min: 1,
    max: 1,
    type: fixed('datetime'),
    fn: ([v]) => (v instanceof Date ? v : isNull(v!) ? null : (parseDateTime(toKqlString(v)) ?? null)),
  },
  totimespan: {
    min: 1,
    max: 1,
    type: fixed('timespan'),
    fn: ([v]) => (v instanceof Timespan ? v : isNull(v!) ? null : (parseTimespan(toKqlString(v)) ?? null)),
  },
  todynamic: { min: 1, max: 1, type: fixed('dynamic'), fn: ([v]) => coerce(v, 'dynamic') },
  parse_json: { min: 1, max: 1, type: fixed('dynamic'), fn: ([v]) => coerce(v, 'dynamic') },
  tolower: { min: 1, max: 1, type: fixed('string'), fn: ([v]) => toKqlString(v).toLowerCase() },
  toupper: { min: 1, max: 1, type: fixed('string'), fn: ([v]) => toKqlString(v).toUpperCase() },
  strcat: { min: 1, max: 64, type: fixed('string'), fn: (args) => args.map(toKqlString).join('') },
  strcat_delim: {
    min: 2,
    max: 64,
    type: fixed('string'),
    fn: ([d, ...rest]) => rest.map(toKqlString).join(toKqlString(d)),
  },
  // strcmp(a, b): -1, 0 or 1 by ordinal comparison (learn.microsoft.com/kusto/query/strcmp-function).
  strcmp: {
    min: 2,
    max: 2,
    type: fixed('int'),
    fn: ([a, b]) => {
      const x = toKqlString(a);
      const y = toKqlString(b);
      return x < y ? -1 : x > y ? 1 : 0;
    },
  },
  strlen: { min: 1, max: 1, type: fixed('long'), fn: ([v]) => toKqlString(v).length },
  substring: {
    min: 2,
    max: 3,
    type: fixed('string'),
    fn: ([s, start, len]) => {
      const text = toKqlString(s);
      const from = Math.max(0, Number(start));
      return len === undefined || isNull(len)
        ? text.slice(from)
        : text.slice(from, from + Math.max(0, Number(len)));
    },
  },
  indexof: {
    min: 2,
    max: 2,
    type: fixed('long'),
    fn: ([s, lookup]) => toKqlString(s).indexOf(toKqlString(lookup)),
  },
  split: {
    min: 2,
    max: 3,
    type: fixed('dynamic'),
    fn: ([s, d, i]) => {
      const parts = toKqlString(s).split(toKqlString(d));
      if (i === undefined || isNull(i)) return parts;
      const part = parts[Number(i)];
      return part === undefined ? [] : [part];
    },
  },
  extract: {
    min: 3,
    max: 4,
    type: (a) => (a.length === 4 ? 'dynamic' : 'string'),
    fn: ([pattern, group, source]) => {
      const m = regex(toKqlString(pattern)).exec(toKqlString(source));
      return m ? (m[Number(group)] ?? '') : '';
    },
  },
  replace_string: {
    min: 3,
    max: 3,
    type: fixed('string'),
    fn: ([s, lookup, rewrite]) => toKqlString(s).split(toKqlString(lookup)).join(toKqlString(rewrite)),
  },
  replace_regex: {
    min: 3,
    max: 3,
    type: fixed('string'),
    fn: ([s, pattern, rewrite]) =>
      toKqlString(s).replace(
        regex(toKqlString(pattern), 'g'),
        toKqlString(rewrite).replace(/\\(\d)/g, '$$$1'),
      ),
  },
  trim: {
    min: 2,
    max: 2,
    type: fixed('string'),
    fn: ([pattern, s]) => {
      const p = toKqlString(pattern);
      return toKqlString(s).replace(regex(`^(?:${p})+|(?:${p})+$`, 'g'), '');
    },
  },
  trim_start: {
    min: 2,
    max: 2,
    type: fixed('string'),
    fn: ([pattern, s]) => toKqlString(s).replace(regex(`^(?:${toKqlString(pattern)})+`), ''),
  },
  trim_end: {
    min: 2,
    max: 2,
    type: fixed('string'),
    fn: ([pattern, s]) => toKqlString(s).replace(regex(`(?:${toKqlString(pattern)})+$`), ''),
  },
  bag_keys: {
    min: 1,
    max: 1,
    type: fixed('dynamic'),
    fn: ([v]) =>
      v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Timespan)
        ? Object.keys(v)
        : null,
  },
  array_length: { min: 1, max: 1, type: fixed('long'), fn: ([v]) => asArray(v!)?.length ?? null },
  set_has_element: {
    min: 2,
    max: 2,
    type: fixed('bool'),
    fn: ([arr, v]) => asArray(arr!)?.some((x) => equalValues(x, v)) ?? null,
  },
  array_index_of: {
    min: 2,
    max: 2,
    type: fixed('long'),
    fn: ([arr, v]) => asArray(arr!)?.findIndex((x) => equalValues(x, v)) ?? null,
  },
  pack: { min: 2, max: 128, type: fixed('dynamic'), fn: pack },
  bag_pack: { min: 2, max: 128, type: fixed('dynamic'), fn: pack },
  pack_array: {
    min: 1,
    max: 128,
    type: fixed('dynamic'),
    fn: (args) => args.map((a) => (a instanceof Date ? a.toISOString() : a)),
  },
  now: {
    min: 0,
    max: 1,
    type: fixed('datetime'),
    fn: ([offset], ctx) => new Date(ctx.now.getTime() + (offset instanceof Timespan ? offset.ms : 0)),
  },
  ago: {
    min: 1,
    max: 1,
    type: fixed('datetime'),
    fn: ([span], ctx) => (span instanceof Timespan ? new Date(ctx.now.getTime() - span.ms) : null),
  },
  startofday: {
    min: 1,
    max: 1,
    type: fixed('datetime'),
    fn: ([d]) => (d instanceof Date ? new Date(Math.floor(d.getTime() / 86_400_000) * 86_400_000) : null),
  },
  endofday: {
    min: 1,
    max: 1,
    type: fixed('datetime'),
    fn: ([d]) =>
      d instanceof Date ? new Date(Math.floor(d.getTime() / 86_400_000) * 86_400_000 + 86_399_999) : null,
  },
  format_datetime: {
    min: 2,
    max: 2,
    type: fixed('string'),
    fn: ([d, f]) => (d instanceof Date ? formatDateTime(d, toKqlString(f)) : ''),
  },
  bin: { min: 2, max: 2, type: firstArg, fn: ([v, s]) => bin(v!, s!) },
  floor: { min: 2, max: 2, type: firstArg, fn: ([v, s]) => bin(v!, s!) },
  abs: { min: 1, max: 1, type: firstArg, fn: ([v]) => (typeof v === 'number' ? Math.abs(v) : null) },
  round: {
    min: 1,
    max: 2,
    type: fixed('real'),
    fn: ([v, p]) => (typeof v === 'number' ? Number(v.toFixed(typeof p === 'number' ? p : 0)) : null),
  },
};
