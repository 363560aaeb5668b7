/**
 * The worker side of {@link OffThreadQueries}: builds the large tables it is sent once and keeps
 * them, and runs Log Analytics queries over them, so that a million-row aggregate does not block the
 * emulator's request thread (Resource Graph pages keep being served meanwhile).
 */
import { parentPort } from 'node:worker_threads';

import { KqlError } from './kqlError.js';
import { executeLogQuery } from './queryExecution.js';
import { decodeTable } from './tableFromObjects.js';
import type { KqlTable } from './values.js';
import type { QueryRequest, QueryReply } from './offThreadQueries.js';

const tables = new Map<number, KqlTable>();

parentPort?.on('message', (m: QueryRequest) => {
  let reply: QueryReply;
  try {
    for (const [id, table] of m.newTables) tables.set(id, decodeTable(table));
    const q = m.query;
    if (!q) reply = { id: m.id, ok: true };
    else {
      const named: Record<string, KqlTable> = {};
      for (const [name, table] of Object.entries(q.inline)) named[name] = decodeTable(table);
      for (const [name, id] of Object.entries(q.refs)) named[name] = tables.get(id)!;
      reply = {
        id: m.id,
        ok: true,
        result: executeLogQuery(q.text, named, q.window, new Date(q.now), q.limits),
      };
    }
  } catch (e) {
    reply =
      e instanceof KqlError
        ? { id: m.id, ok: false, error: { kind: e.kind, message: e.message, position: e.position } }
        : { id: m.id, ok: false, error: { kind: 'internal', message: (e as Error).message } };
  }
  parentPort?.postMessage(reply);
});
