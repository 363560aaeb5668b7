import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { KqlError, type KqlErrorKind } from './kqlError.js';
import { executeLogQuery, type ResultLimits, type WireResult } from './queryExecution.js';
import { encodeObjects, tableFromObjects, transferables, type EncodedTable } from './tableFromObjects.js';
import type { Column, KqlTable } from './values.js';

/** A Log Analytics table as the fixture holds it: JSON rows, typed by the schema. */
export interface TableSource {
  rows: readonly Record<string, unknown>[];
  schema: readonly Column[];
  /** Rows gathered for one query (a resource-centric query's): passed along, not kept by the worker. */
  transient?: boolean;
}

/**
 * A message to the worker: tables to keep (`newTables`, sent once), and a query over kept tables
 * (`refs`, by id) and passed ones (`inline`). A message without a query only loads tables.
 */
export interface QueryRequest {
  id: number;
  newTables: [number, EncodedTable][];
  query?: {
    text: string;
    refs: Record<string, number>;
    inline: Record<string, EncodedTable>;
    window: { start: number; end: number } | undefined;
    now: number;
    limits: ResultLimits;
  };
}

export type QueryReply =
  | { id: number; ok: true; result?: WireResult }
  | { id: number; ok: false; error: { kind: KqlErrorKind | 'internal'; message: string; position?: number } };

/**
 * Runs Log Analytics queries on a worker thread once a query reads a large table (`offThreadRows`
 * rows or more); smaller ones run inline, where a worker would cost more than it saves. The worker
 * builds each fixture table once, from an encoded copy sent once (see EncodedTable: structured
 * cloning a million typed rows cost seconds per send), and keeps it. Same answers either way.
 */
export class OffThreadQueries {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Tables by the fixture's row array: one table per array, whoever asks. */
  private readonly ids = new WeakMap<object, number>();
  private readonly typed = new WeakMap<object, KqlTable>();
  private readonly sent = new Set<number>();
  private readonly pending = new Map<number, (reply: QueryReply) => void>();

  constructor(private readonly offThreadRows = 50_000) {}

  async run(
    query: string,
    tables: Record<string, TableSource>,
    window: { start: number; end: number } | undefined,
    now: Date,
    limits: ResultLimits,
  ): Promise<WireResult> {
    const large = Object.values(tables).some((t) => t.rows.length >= this.offThreadRows);
    if (!large) {
      const inline: Record<string, KqlTable> = {};
      for (const [name, t] of Object.entries(tables)) inline[name] = this.inlineTable(t);
      return executeLogQuery(query, inline, window, now, limits);
    }
    const request: QueryRequest = {
      id: this.nextId++,
      newTables: [],
      query: { text: query, refs: {}, inline: {}, window, now: now.getTime(), limits },
    };
    for (const [name, source] of Object.entries(tables)) {
      if (source.transient) request.query!.inline[name] = encodeObjects(source.rows, source.schema);
      else request.query!.refs[name] = this.keep(source, request);
    }
    const reply = await this.send(request);
    if (reply.ok) return reply.result!;
    if (reply.error.kind === 'internal') throw new Error(reply.error.message);
    throw new KqlError(reply.error.kind, reply.error.message, reply.error.position);
  }

  /**
   * Sends the large tables to the worker ahead of the first query and waits until it has built
   * them: a fixture cannot change, so the emulator does this once, when it starts.
   */
  async preload(tables: readonly TableSource[]): Promise<void> {
    const request: QueryRequest = { id: this.nextId++, newTables: [] };
    for (const t of tables) if (t.rows.length >= this.offThreadRows && !t.transient) this.keep(t, request);
    if (request.newTables.length === 0) return;
    const reply = await this.send(request);
    if (!reply.ok) throw new Error(`KQL worker could not load the tables: ${reply.error.message}`);
  }

  /** Stops the worker, if one was started. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private inlineTable(source: TableSource): KqlTable {
    if (source.transient) return tableFromObjects(source.rows, source.schema);
    let table = this.typed.get(source.rows);
    if (!table) {
      table = tableFromObjects(source.rows, source.schema);
      this.typed.set(source.rows, table);
    }
    return table;
  }

  /** The table's id on the worker; adds it to the request when the worker does not have it yet. */
  private keep(source: TableSource, request: QueryRequest): number {
    let id = this.ids.get(source.rows);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(source.rows, id);
    }
    if (!this.sent.has(id)) {
      request.newTables.push([id, encodeObjects(source.rows, source.schema)]);
      this.sent.add(id);
    }
    return id;
  }

  private send(request: QueryRequest): Promise<QueryReply> {
    const transfer = [
      ...request.newTables.flatMap(([, t]) => transferables(t)),
      ...Object.values(request.query?.inline ?? {}).flatMap(transferables),
    ];
    return new Promise<QueryReply>((resolve) => {
      this.pending.set(request.id, resolve);
      const worker = this.start();
      // Awaited answers keep the process alive (a preload runs before any server listens).
      worker.ref();
      worker.postMessage(request, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker is TypeScript: a bootstrap registers tsx's loader in the worker (tsx/esm/api), then
    // imports it, whatever runs the emulator itself (tsx, vitest).
    const tsx = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./queryWorker.ts', import.meta.url).href;
    const worker = new Worker(
      `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      { eval: true },
    );
    worker.on('message', (reply: QueryReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
    });
    worker.on('error', (e) => {
      for (const [id, resolve] of this.pending)
        resolve({ id, ok: false, error: { kind: 'internal', message: `KQL worker failed: ${e.message}` } });
      this.pending.clear();
      this.sent.clear();
      this.worker = undefined;
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
