import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';

import type { HistoryRecord } from '../../src/model/history.js';
import type { HistoryStore } from '../../src/store/types.js';

/** Records per write: the Azure store's Table transaction holds 100 (src/store/azureStores.ts). */
const BATCH = 100;

/**
 * The findings history as the deployed app keeps it, for the bench: each record serialised on its
 * own (the Azure store writes one JSON text per Table entity), a hundred at a time, never a copy of
 * the whole history. Kept as JSON lines in a folder of the bench's; a save appends the records it is
 * given and a load keeps each id's last line, as the Azure store's upserts replace a record. The
 * memory store (tests, the CLI) copies the records it is given with `structuredClone` so that
 * neither side sees the other's changes: at a million resources that copy cost 1.2 s of CPU and
 * held a second history while the run ends, which the deployed app never pays.
 */
export function jsonLinesHistoryStore(path: string): HistoryStore {
  return {
    load() {
      const byId = new Map<string, HistoryRecord>();
      if (existsSync(path))
        for (const line of readFileSync(path, 'utf8').split('\n'))
          if (line !== '') {
            const record = JSON.parse(line) as HistoryRecord;
            byId.set(record.id, record);
          }
      return Promise.resolve([...byId.values()]);
    },
    async save(records) {
      const out = createWriteStream(path, { flags: 'a' });
      for (let i = 0; i < records.length; i += BATCH) {
        const lines = records
          .slice(i, i + BATCH)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join('');
        if (!out.write(lines)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    },
  };
}
