import { forEachRow, LazyTable } from './lazyTable.js';
import { runQuery } from './runQuery.js';
import { Timespan, type KqlTable, type Value } from './values.js';

/** Limits on what one answer may carry, and the message that names the one a result passed. */
export interface ResultLimits {
  rows: number;
  bytes: number;
}

/** A query's answer in wire form: column types, JSON-ready rows, and why rows were cut, if they were. */
export interface WireResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** The engine's E_QUERY_RESULT_SET_TOO_LARGE message when the result passed a limit. */
  cut?: string;
  /** Warnings the answer carries (an unresolvable operand of a fuzzy union), in order. */
  warnings?: string[];
}

/** Serialises a cell as the Log Analytics query API does (dynamic values as JSON text). */
function wire(v: Value, type: string): unknown {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return v.toString();
  if (type === 'dynamic') return JSON.stringify(v);
  return v;
}

/** The earliest and latest TimeGenerated of a table (undefined when a row has none), found once. */
const timeRanges = new WeakMap<KqlTable, { min: number; max: number } | undefined>();
function timeRange(t: KqlTable, i: number): { min: number; max: number } | undefined {
  if (timeRanges.has(t)) return timeRanges.get(t);
  let range: { min: number; max: number } | undefined = { min: Infinity, max: -Infinity };
  for (const r of t.rows) {
    const v = r[i];
    if (!(v instanceof Date)) {
      range = undefined;
      break;
    }
    const ms = v.getTime();
    if (ms < range.min) range.min = ms;
    if (ms > range.max) range.max = ms;
  }
  timeRanges.set(t, range);
  return range;
}

/**
 * The tables restricted to rows whose TimeGenerated lies in the window (the API's `timespan`): a
 * table wholly inside the window as it is, others filtered as the query reads them.
 */
export function inWindow(
  tables: Record<string, KqlTable>,
  window: { start: number; end: number } | undefined,
): Record<string, KqlTable> {
  if (!window) return tables;
  const out: Record<string, KqlTable> = {};
  for (const [name, t] of Object.entries(tables)) {
    const i = t.columns.findIndex((c) => c.name === 'TimeGenerated');
    const range = i < 0 || t instanceof LazyTable ? undefined : timeRange(t, i);
    out[name] =
      i < 0 || (range && range.min >= window.start && range.max <= window.end)
        ? t
        : new LazyTable(t.columns, (sink) =>
            forEachRow(t, (r) => {
              const v = r[i];
              if (v instanceof Date && v.getTime() >= window.start && v.getTime() <= window.end) sink(r);
            }),
          );
  }
  return out;
}

/**
 * Runs a Log Analytics query over the tables in the window and serialises the answer, cutting it at
 * the record or size limit as the engine does (E_QUERY_RESULT_SET_TOO_LARGE,
 * https://learn.microsoft.com/kusto/concepts/result-truncation). Throws a KqlError for a bad query.
 */
export function executeLogQuery(
  query: string,
  tables: Record<string, KqlTable>,
  window: { start: number; end: number } | undefined,
  now: Date,
  limits: ResultLimits,
): WireResult {
  const warnings: string[] = [];
  const result = runQuery(query, inWindow(tables, window), { now, onWarning: (m) => warnings.push(m) });
  const rows: unknown[][] = [];
  let bytes = 0;
  let cut: string | undefined;
  for (const r of result.rows) {
    if (rows.length >= limits.rows) {
      cut = `Query result set has exceeded the internal record count limit ${limits.rows} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`;
      break;
    }
    const row = r.map((v, i) => wire(v, result.columns[i]!.type));
    bytes += JSON.stringify(row).length + 1;
    if (bytes > limits.bytes) {
      cut = `Query result set has exceeded the internal data size limit ${limits.bytes} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`;
      break;
    }
    rows.push(row);
  }
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows,
    ...(cut ? { cut } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}
