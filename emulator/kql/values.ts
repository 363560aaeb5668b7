/**
 * KQL's scalar types and values. Representation in JavaScript:
 * string and guid -> string; int, long, real -> number; bool -> boolean; datetime -> Date;
 * timespan -> Timespan; dynamic -> plain JSON values (objects, arrays, primitives); null -> null.
 */

export type KqlType =
  'string' | 'long' | 'int' | 'real' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export const KQL_TYPES: readonly KqlType[] = [
  'string',
  'long',
  'int',
  'real',
  'bool',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
];

/** A KQL timespan, in milliseconds (KQL has 100 ns ticks; milliseconds are enough for audits). */
export class Timespan {
  constructor(readonly ms: number) {}
  toString(): string {
    const sign = this.ms < 0 ? '-' : '';
    let rest = Math.abs(this.ms);
    const days = Math.floor(rest / 86_400_000);
    rest -= days * 86_400_000;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    const frac = rest - s * 1000;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${sign}${days ? `${days}.` : ''}${pad(h)}:${pad(m)}:${pad(s)}${frac ? `.${String(frac * 10_000).padStart(7, '0')}` : ''}`;
  }
}

export type Value =
  string | number | boolean | Date | Timespan | null | readonly unknown[] | { readonly [k: string]: unknown };

export interface Column {
  name: string;
  type: KqlType;
}

/** A table: columns and rows of values in column order. */
export interface KqlTable {
  columns: Column[];
  rows: Value[][];
}

const TIMESPAN_UNITS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: 0.0001,
  ticks: 0.0001,
};

/** Parses `1d`, `1.5h`, `30m`, `time(1.02:03:04)`, `02:00:00`. Undefined when it is no timespan. */
export function parseTimespan(text: string): Timespan | undefined {
  let t = text.trim();
  const wrapped = /^(?:time|timespan)\((.*)\)$/i.exec(t);
  if (wrapped) t = wrapped[1]!.trim();
  const unit = /^(-?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const factor = TIMESPAN_UNITS[unit[2]!.toLowerCase()];
    return factor === undefined ? undefined : new Timespan(Number(unit[1]) * factor);
  }
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(t);
  if (clock) {
    const [, neg, d, h, m, s, f] = clock;
    const ms =
      Number(d ?? 0) * 86_400_000 +
      Number(h) * 3_600_000 +
      Number(m) * 60_000 +
      Number(s ?? 0) * 1000 +
      (f ? Number(`0.${f}`) * 1000 : 0);
    return new Timespan(neg ? -ms : ms);
  }
  return undefined;
}

/** Parses a KQL datetime text (ISO 8601 and the common `2024-01-01 10:00` form), in UTC. */
export function parseDateTime(text: string): Date | undefined {
  let t = text.trim();
  const wrapped = /^datetime\((.*)\)$/i.exec(t);
  if (wrapped) t = wrapped[1]!.trim();
  if (t.toLowerCase() === 'null') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t = `${t.replace(' ', 'T')}Z`;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The type a JSON-ish input value most naturally has, for tables given without a schema. */
export function inferType(value: unknown): KqlType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  if (value instanceof Date) return 'datetime';
  if (value instanceof Timespan) return 'timespan';
  if (typeof value === 'string') return 'string';
  if (value === null || value === undefined) return 'string';
  return 'dynamic';
}

/** Converts an input value (JSON from a fixture) to a column's type. */
export function coerce(value: unknown, type: KqlType): Value {
  if (value === undefined || value === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return toKqlString(value);
    case 'guid':
      return toKqlString(value).toLowerCase();
    case 'long':
    case 'int': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? Math.trunc(n) : null;
    }
    case 'real': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 1) return true;
      if (value === 'false' || value === 0) return false;
      return null;
    case 'datetime':
      return value instanceof Date ? value : (parseDateTime(toKqlString(value)) ?? null);
    case 'timespan':
      return value instanceof Timespan ? value : (parseTimespan(toKqlString(value)) ?? null);
    case 'dynamic':
      if (typeof value === 'string') {
        const s = value.trim();
        if ((s.startsWith('{') && s.endsWith('}')) || (s.startsWith('[') && s.endsWith(']'))) {
          try {
            return JSON.parse(s) as Value;
          } catch {
            return value;
          }
        }
      }
      return value as Value;
  }
}

/** KQL's tostring(): dynamic objects become JSON, null becomes the empty string. */
export function toKqlString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, 'Z');
  if (v instanceof Timespan) return v.toString();
  if (typeof v === 'object') return JSON.stringify(v);
  return `${v as string | number | boolean}`;
}

/** A value's key for grouping and distinct: equal KQL values give equal keys. */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return '\u0000null';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return v ? 'b1' : 'b0';
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof Timespan) return `t${v.ms}`;
  return `j${JSON.stringify(v)}`;
}

/** Orders two values of one column; nulls are handled by the caller. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Timespan && b instanceof Timespan) return a.ms - b.ms;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = toKqlString(a);
  const sb = toKqlString(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** KQL equality of two non-null values (case-sensitive for strings). */
export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Timespan && b instanceof Timespan) return a.ms === b.ms;
  if (typeof a === 'number' && typeof b === 'string') return a === Number(b);
  if (typeof a === 'string' && typeof b === 'number') return Number(a) === b;
  if (a && b && typeof a === 'object' && typeof b === 'object')
    return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Whether a value counts as null for isnull(); strings are never null in KQL, only empty. */
export function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}
