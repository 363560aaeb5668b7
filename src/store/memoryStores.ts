import { Readable } from 'node:stream';

import { outputText } from '../report/outputStream.js';
import type { HistoryRecord } from '../model/history.js';
import { STALE_LOCK_MS, type AuditStores, type ReportFile, type RunRecord } from './types.js';

/** Stores in memory, for tests and for the CLI when no storage is configured. */
export function createMemoryStores(): AuditStores {
  const blobs = new Map<string, string>();
  let history: HistoryRecord[] = [];
  const runs = new Map<string, RunRecord>();
  let lock: { runId: string; at: number } | undefined;
  return {
    reports: {
      saveRun: async (runId: string, files: readonly ReportFile[]) => {
        for (const f of files) {
          const content = outputText(f);
          blobs.set(`${runId}/${f.name}`, content);
          blobs.set(`latest/${f.name}`, content);
        }
        await Promise.resolve();
      },
      readLatest: async (name: string) => Promise.resolve(blobs.get(`latest/${name}`)),
      openLatest: async (name: string) => {
        const content = blobs.get(`latest/${name}`);
        return Promise.resolve(content === undefined ? undefined : Readable.from([Buffer.from(content)]));
      },
      readRun: async (runId: string, name: string) => Promise.resolve(blobs.get(`${runId}/${name}`)),
      readBlob: async (path: string) => Promise.resolve(blobs.get(path)),
    },
    history: {
      load: async () => Promise.resolve(history.map((h) => ({ ...h }))),
      save: async (records) => {
        history = records.map((h) => ({ ...h }));
        await Promise.resolve();
      },
    },
    runs: {
      acquireLock: async (runId, now) => {
        await Promise.resolve();
        if (lock && lock.runId !== runId && now.getTime() - lock.at < STALE_LOCK_MS)
          return { ok: false, holder: lock.runId };
        lock = { runId, at: now.getTime() };
        return { ok: true };
      },
      releaseLock: async (runId) => {
        if (lock?.runId === runId) lock = undefined;
        await Promise.resolve();
      },
      put: async (run) => {
        runs.set(run.runId, { ...run });
        await Promise.resolve();
      },
      get: async (runId) => Promise.resolve(runs.get(runId)),
      list: async (limit) =>
        Promise.resolve([...runs.values()].sort((a, b) => b.runId.localeCompare(a.runId)).slice(0, limit)),
    },
    runQueue: {
      // No worker consumes an in-memory queue; the CLI and tests run audits directly.
      enqueue: async () => {
        await Promise.resolve();
      },
    },
  };
}
