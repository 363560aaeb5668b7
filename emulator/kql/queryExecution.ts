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
}

/** Serialises a cell as the Log Analytics query API does (dynamic values as JSON text). */
function wire(v: Value, type: string): unknown {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return v.toString();
  if (type === 'dynamic') return JSON.stringify(v);
  return v;
}

/** The tables restricted to rows whose TimeGenerated lies in the window (the API's `timespan`). */
export function inWindow(
  tables: Record<string, KqlTable>,
  window: { start: number; end: number } | undefined,
): Record<string, KqlTable> {
  if (!window) return tables;
  const out: Record<string, KqlTable> = {};
  for (const [name, t] of Object.entries(tables)) {
    const i = t.columns.findIndex((c) => c.name === 'TimeGenerated');
    out[name] =
      i < 0
        ? t
        : {
            columns: t.columns,
            rows: t.rows.filter((r) => {
              const v = r[i];
              return v instanceof Date && v.getTime() >= window.start && v.getTime() <= window.end;
            }),
          };
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
  const result = runQuery(query, inWindow(tables, window), { now });
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
  };
}
