import {
  coerce,
  inferType,
  Timespan,
  type Column,
  type KqlTable,
  type KqlType,
  type Value,
} from './values.js';

/** Distinct values a column keeps in its dictionary; past that it stores one value per row. */
const MAX_DICTIONARY = 1 << 16;

/** A column's values, in one string when they are all strings (one copy to pass to a worker). */
type EncodedValues = { packed: string; ends: Uint32Array } | { list: Value[] };

/**
 * One column of an {@link EncodedTable}: datetimes and timespans as milliseconds (NaN for null),
 * other columns as a dictionary of distinct values and a code per row, or, when the values hardly
 * repeat, one value per row.
 */
type EncodedColumn =
  | { kind: 'ms'; type: 'datetime' | 'timespan'; ms: Float64Array }
  | { kind: 'codes'; values: EncodedValues; codes: Int32Array }
  | { kind: 'each'; values: EncodedValues };

/**
 * A table in a form that is cheap to pass to a worker thread: typed arrays and a few strings
 * instead of a million small arrays, strings and dates, which structured cloning copies one by one
 * (about five seconds for the million Key Vault log rows of the benchmark).
 */
export interface EncodedTable {
  columns: Column[];
  rowCount: number;
  data: EncodedColumn[];
}

/** The columns of JSON rows: the schema's, then every other key in the order first seen, typed by its first value. */
export function columnsOf(
  rows: readonly Record<string, unknown>[],
  schema: readonly Column[] = [],
): Column[] {
  const columns: Column[] = schema.map((c) => ({ ...c }));
  const known = new Set(columns.map((c) => c.name));
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (known.has(key)) continue;
      known.add(key);
      columns.push({ name: key, type: inferType(row[key]) });
    }
  }
  return columns;
}

const NULL_KEY = Symbol('null');

function packValues(values: Value[]): EncodedValues {
  if (!values.every((v) => typeof v === 'string')) return { list: values };
  const ends = new Uint32Array(values.length);
  let length = 0;
  values.forEach((v, i) => (ends[i] = length += v.length));
  return { packed: values.join(''), ends };
}

function unpackValues(values: EncodedValues): Value[] {
  if ('list' in values) return values.list;
  const out = new Array<Value>(values.ends.length);
  let start = 0;
  for (let i = 0; i < values.ends.length; i++) {
    const end = values.ends[i]!;
    out[i] = values.packed.slice(start, end);
    start = end;
  }
  return out;
}

function encodeColumn(rows: readonly Record<string, unknown>[], name: string, type: KqlType): EncodedColumn {
  const n = rows.length;
  if (type === 'datetime' || type === 'timespan') {
    const ms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = coerce(rows[i]![name], type);
      ms[i] = v instanceof Date ? v.getTime() : v instanceof Timespan ? v.ms : NaN;
    }
    return { kind: 'ms', type, ms };
  }
  // Equal inputs coerce to equal values: one dictionary entry per distinct input (objects by their
  // JSON), shared by every row that has it.
  const primitives = new Map<unknown, number>();
  const objects = new Map<string, number>();
  const dictionary: Value[] = [];
  let codes: Int32Array | undefined = new Int32Array(n);
  let each: Value[] | undefined;
  for (let i = 0; i < n; i++) {
    const raw = rows[i]![name];
    if (!codes) {
      each!.push(coerce(raw, type));
      continue;
    }
    const isObject = raw !== null && typeof raw === 'object';
    const key = isObject ? JSON.stringify(raw) : raw === undefined || raw === null ? NULL_KEY : raw;
    let code = isObject ? objects.get(key as string) : primitives.get(key);
    if (code === undefined) {
      if (dictionary.length >= MAX_DICTIONARY) {
        // The values hardly repeat: one per row from here on.
        const known = codes;
        each = Array.from(known.subarray(0, i), (c) => dictionary[c]!);
        codes = undefined;
        each.push(coerce(raw, type));
        continue;
      }
      code = dictionary.length;
      dictionary.push(coerce(raw, type));
      if (isObject) objects.set(key as string, code);
      else primitives.set(key, code);
    }
    codes[i] = code;
  }
  return codes
    ? { kind: 'codes', values: packValues(dictionary), codes }
    : { kind: 'each', values: packValues(each!) };
}

/** Encodes JSON rows (fixture rows) as a table typed by the schema where given; see {@link EncodedTable}. */
export function encodeObjects(
  rows: readonly Record<string, unknown>[],
  schema: readonly Column[] = [],
): EncodedTable {
  const columns = columnsOf(rows, schema);
  return {
    columns,
    rowCount: rows.length,
    data: columns.map((c) => encodeColumn(rows, c.name, c.type)),
  };
}

/** The buffers of an encoded table, to transfer to a worker rather than copy. */
export function transferables(table: EncodedTable): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const d of table.data) {
    if (d.kind === 'ms') out.push(d.ms.buffer as ArrayBuffer);
    else {
      if (d.kind === 'codes') out.push(d.codes.buffer as ArrayBuffer);
      if ('ends' in d.values) out.push(d.values.ends.buffer as ArrayBuffer);
    }
  }
  return out;
}

/** The table an {@link EncodedTable} holds: rows in order, equal values one shared object. */
export function decodeTable(table: EncodedTable): KqlTable {
  const width = table.columns.length;
  const readers = table.data.map((d) =>
    d.kind === 'ms'
      ? { kind: d.type === 'datetime' ? 0 : 1, ms: d.ms, values: [] as Value[], codes: new Int32Array(0) }
      : d.kind === 'codes'
        ? { kind: 2, ms: new Float64Array(0), values: unpackValues(d.values), codes: d.codes }
        : { kind: 3, ms: new Float64Array(0), values: unpackValues(d.values), codes: new Int32Array(0) },
  );
  const rows = new Array<Value[]>(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const row: Value[] = [];
    for (let c = 0; c < width; c++) {
      const r = readers[c]!;
      switch (r.kind) {
        case 0: {
          const ms = r.ms[i]!;
          row.push(Number.isNaN(ms) ? null : new Date(ms));
          break;
        }
        case 1: {
          const ms = r.ms[i]!;
          row.push(Number.isNaN(ms) ? null : new Timespan(ms));
          break;
        }
        case 2:
          row.push(r.values[r.codes[i]!]!);
          break;
        default:
          row.push(r.values[i]!);
      }
    }
    rows[i] = row;
  }
  return { columns: table.columns, rows };
}

/**
 * Builds a table from JSON objects (fixture rows), typing columns by the schema where given. Equal
 * values share one string or object, as a column store's dictionary does, so repeated vault ids
 * and claims cost one string each and look-ups on them hash once.
 */
export function tableFromObjects(
  rows: readonly Record<string, unknown>[],
  schema: readonly Column[] = [],
): KqlTable {
  return decodeTable(encodeObjects(rows, schema));
}
