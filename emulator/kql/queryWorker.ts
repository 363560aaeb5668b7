/**
 * The worker side of {@link OffThreadQueries}: holds the large tables it was sent once and runs Log
 * Analytics queries over them, so that a million-row aggregate does not block the emulator's request
 * thread (Resource Graph pages keep being served meanwhile).
 */
import { parentPort } from 'node:worker_threads';

import { KqlError } from './kqlError.js';
import { executeLogQuery } from './queryExecution.js';
import type { KqlTable } from './values.js';
import type { QueryRequest, QueryReply } from './offThreadQueries.js';

const tables = new Map<number, KqlTable>();

parentPort?.on('message', (m: QueryRequest) => {
  for (const [id, table] of m.newTables) tables.set(id, table);
  const named: Record<string, KqlTable> = { ...m.inline };
  for (const [name, id] of Object.entries(m.refs)) named[name] = tables.get(id)!;
  let reply: QueryReply;
  try {
    reply = {
      id: m.id,
      ok: true,
      result: executeLogQuery(m.query, named, m.window, new Date(m.now), m.limits),
    };
  } catch (e) {
    reply =
      e instanceof KqlError
        ? { id: m.id, ok: false, error: { kind: e.kind, message: e.message, position: e.position } }
        : { id: m.id, ok: false, error: { kind: 'internal', message: (e as Error).message } };
  }
  parentPort?.postMessage(reply);
});
