import { Readable } from 'node:stream';

import { outputText } from '../report/outputStream.js';
import type { HistoryRecord } from '../model/history.js';
import { LATEST_POINTER, LEASE_TTL_MS, type AuditStores, type ReportFile, type RunRecord } from './types.js';
import { newestRunFirst } from './runOrder.js';

/** Stores in memory, for tests and for the CLI when no storage is configured. */
export function createMemoryStores(): AuditStores {
  const blobs = new Map<string, string>();
  let history: HistoryRecord[] = [];
  const runs = new Map<string, RunRecord>();
  let lock: { runId: string; expiresAt: number } | undefined;
  const latestPath = (name: string) => {
    const pointer = blobs.get(LATEST_POINTER);
    return pointer ? `${(JSON.parse(pointer) as { runId: string }).runId}/${name}` : `latest/${name}`;
  };
  const stream = (content: string | undefined) =>
    content === undefined ? undefined : Readable.from([Buffer.from(content)]);
  return {
    reports: {
      saveRun: async (runId: string, files: readonly ReportFile[]) => {
        for (const f of files) blobs.set(`${runId}/${f.name}`, outputText(f));
        await Promise.resolve();
      },
      publishLatest: async (runId: string) => {
        blobs.set(LATEST_POINTER, JSON.stringify({ runId }));
        await Promise.resolve();
      },
      readLatest: async (name: string) => Promise.resolve(blobs.get(latestPath(name))),
      openLatest: async (name: string) => Promise.resolve(stream(blobs.get(latestPath(name)))),
      openRun: async (runId: string, name: string) => Promise.resolve(stream(blobs.get(`${runId}/${name}`))),
      readRun: async (runId: string, name: string) => Promise.resolve(blobs.get(`${runId}/${name}`)),
      readBlob: async (path: string) => Promise.resolve(blobs.get(path)),
    },
    history: {
      // Copies, so that neither side sees the other's changes. structuredClone builds the records
      // property by property, so they share hidden classes (spread copies get a map each: ~1 KB a record).
      load: async () => Promise.resolve(structuredClone(history)),
      save: async (records) => {
        const given = new Map(structuredClone([...records]).map((r) => [r.id, r]));
        history = history.map((r) => given.get(r.id) ?? r);
        const stored = new Set(history.map((r) => r.id));
        for (const r of given.values()) if (!stored.has(r.id)) history.push(r);
        await Promise.resolve();
      },
    },
    runs: {
      acquireLock: async (runId, now) => {
        await Promise.resolve();
        if (lock && lock.runId !== runId && now.getTime() < lock.expiresAt)
          return { ok: false, holder: lock.runId };
        const expiredHolder = lock && lock.runId !== runId ? lock.runId : undefined;
        lock = { runId, expiresAt: now.getTime() + LEASE_TTL_MS };
        return expiredHolder ? { ok: true, expiredHolder } : { ok: true };
      },
      renewLock: async (runId, now) => {
        await Promise.resolve();
        if (lock?.runId !== runId) return false;
        lock.expiresAt = now.getTime() + LEASE_TTL_MS;
        return true;
      },
      releaseLock: async (runId) => {
        if (lock?.runId === runId) lock = undefined;
        await Promise.resolve();
      },
      claim: async (runId, now) => {
        await Promise.resolve();
        const run = runs.get(runId);
        if (run?.status !== 'queued') return false;
        runs.set(runId, { ...run, status: 'running', startedAt: now.toISOString() });
        return true;
      },
      put: async (run) => {
        runs.set(run.runId, { ...run });
        await Promise.resolve();
      },
      get: async (runId) => Promise.resolve(runs.get(runId)),
      list: async (limit) => Promise.resolve([...runs.values()].sort(newestRunFirst).slice(0, limit)),
    },
    runQueue: {
      // No worker consumes an in-memory queue; the CLI and tests run audits directly.
      enqueue: async () => {
        await Promise.resolve();
      },
    },
  };
}
