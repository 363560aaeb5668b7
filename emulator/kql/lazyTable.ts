import type { Column, KqlTable, Value } from './values.js';

type Row = Value[];

/** Receives rows one at a time, in table order. */
export type RowSink = (row: Row) => void;

/**
 * A table whose rows are computed when they are read. Row-by-row operators (`where`, `project`,
 * `extend`, `union`) chain as lazy tables, and `summarize` and `count` take the rows as they come:
 * a million-row log query keeps no intermediate copy of its rows, copies that would outlive V8's
 * young generation and cost full garbage collections. Reading {@link rows} computes them once and
 * keeps them, so operators that need the whole table (`sort`, `join`, ...) work unchanged and see the
 * same rows in the same order.
 */
export class LazyTable implements KqlTable {
  private computed: Row[] | undefined;

  constructor(
    readonly columns: Column[],
    private readonly produce: (sink: RowSink) => void,
  ) {}

  get rows(): Row[] {
    if (!this.computed) {
      const rows: Row[] = [];
      this.produce((r) => void rows.push(r));
      this.computed = rows;
    }
    return this.computed;
  }

  /** Passes each row to `sink`, computing them again unless they were kept. */
  forEachRow(sink: RowSink): void {
    if (this.computed) forEachOf(this.computed, sink);
    else this.produce(sink);
  }
}

function forEachOf(rows: readonly Row[], sink: RowSink): void {
  for (let i = 0; i < rows.length; i++) sink(rows[i]!);
}

/** Passes each row of a table to `sink` without keeping the rows of a lazy table. */
export function forEachRow(table: KqlTable, sink: RowSink): void {
  if (table instanceof LazyTable) table.forEachRow(sink);
  else forEachOf(table.rows, sink);
}

/** The table with its rows computed, as a plain object (what leaves the engine). */
export function materialize(table: KqlTable): KqlTable {
  return table instanceof LazyTable ? { columns: table.columns, rows: table.rows } : table;
}
