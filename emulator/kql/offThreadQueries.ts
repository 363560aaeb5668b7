import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { KqlError, type KqlErrorKind } from './kqlError.js';
import { executeLogQuery, type ResultLimits, type WireResult } from './queryExecution.js';
import type { KqlTable } from './values.js';

/** A query for the worker: large tables by id (sent once, in `newTables`), small ones inline. */
export interface QueryRequest {
  id: number;
  query: string;
  refs: Record<string, number>;
  inline: Record<string, KqlTable>;
  newTables: [number, KqlTable][];
  window: { start: number; end: number } | undefined;
  now: number;
  limits: ResultLimits;
}

export type QueryReply =
  | { id: number; ok: true; result: WireResult }
  | { id: number; ok: false; error: { kind: KqlErrorKind | 'internal'; message: string; position?: number } };

/**
 * Runs Log Analytics queries on a worker thread once a query reads a large table (`offThreadRows`
 * rows or more); smaller ones run inline, where a worker would cost more than it saves. Tables keep
 * their identity: a cached table is sent to the worker once. Same answers either way.
 */
export class OffThreadQueries {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly ids = new WeakMap<KqlTable, number>();
  private readonly sent = new Set<number>();
  private readonly pending = new Map<number, (reply: QueryReply) => void>();

  constructor(private readonly offThreadRows = 50_000) {}

  async run(
    query: string,
    tables: Record<string, KqlTable>,
    window: { start: number; end: number } | undefined,
    now: Date,
    limits: ResultLimits,
  ): Promise<WireResult> {
    const large = Object.values(tables).some((t) => t.rows.length >= this.offThreadRows);
    if (!large) return executeLogQuery(query, tables, window, now, limits);
    const request: QueryRequest = {
      id: this.nextId++,
      query,
      refs: {},
      inline: {},
      newTables: [],
      window,
      now: now.getTime(),
      limits,
    };
    for (const [name, table] of Object.entries(tables)) {
      if (table.rows.length < 1000) {
        request.inline[name] = table;
        continue;
      }
      let id = this.ids.get(table);
      if (id === undefined) {
        id = this.nextId++;
        this.ids.set(table, id);
      }
      request.refs[name] = id;
      if (!this.sent.has(id)) {
        request.newTables.push([id, table]);
        this.sent.add(id);
      }
    }
    const reply = await new Promise<QueryReply>((resolve) => {
      this.pending.set(request.id, resolve);
      this.start().postMessage(request);
    });
    if (reply.ok) return reply.result;
    if (reply.error.kind === 'internal') throw new Error(reply.error.message);
    throw new KqlError(reply.error.kind, reply.error.message, reply.error.position);
  }

  /** Stops the worker, if one was started. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
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
