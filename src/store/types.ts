import type { HistoryRecord } from '../model/history.js';
import type { Severity } from '../severity.js';

/**
 * One rendered output of a run. Its text is produced on demand as a sequence of chunks and written
 * straight to a blob or file: no output is ever held as one string (a large tenant's findings.json
 * exceeds V8's maximum string length), and the five outputs are never all in memory at once.
 */
export interface ReportFile {
  name: string;
  contentType: string;
  /** Renders the output afresh on each call, as UTF-8 text chunks. */
  render(): Iterable<string>;
}

/** Reports as blobs: `<runId>/<name>` and `latest/<name>`. */
export interface ReportStore {
  saveRun(runId: string, files: readonly ReportFile[]): Promise<void>;
  readLatest(name: string): Promise<string | undefined>;
  /** The latest output as a byte stream, for serving outputs too large for one string. */
  openLatest(name: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  readRun(runId: string, name: string): Promise<string | undefined>;
  /** Any blob of the reports container, such as `suppressions.json`. */
  readBlob(path: string): Promise<string | undefined>;
}

/** Findings history across runs (new / existing / reopened / resolved, alert de-duplication). */
export interface HistoryStore {
  load(): Promise<HistoryRecord[]>;
  save(records: readonly HistoryRecord[]): Promise<void>;
}

export type RunStatus = 'queued' | 'running' | 'complete' | 'partial' | 'failed';

/** The run index: one record per audit run. */
export interface RunRecord {
  runId: string;
  trigger: 'timer' | 'http' | 'cli';
  status: RunStatus;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Counts by severity, new, resolved: what the dashboard's trend needs. */
  summary?: RunSummary;
  error?: string;
  /** The on-demand request, for queued runs. */
  request?: Record<string, unknown>;
}

/** What a finished run's record says about it: the trend and `GET /api/audit/runs/{id}` read it. */
export interface RunSummary {
  bySeverity: Record<Severity, number>;
  new: number;
  resolved: number;
  findings: number;
  /** What each alert sink did. */
  alerts: { sink: string; ok: boolean; attempts: number; error?: string }[];
}

export interface RunStore {
  /** Takes the single audit lock; refuses while another run holds it (two audits never race on history). */
  acquireLock(runId: string, now: Date): Promise<{ ok: true } | { ok: false; holder: string }>;
  releaseLock(runId: string): Promise<void>;
  put(run: RunRecord): Promise<void>;
  get(runId: string): Promise<RunRecord | undefined>;
  /** Most recent first. */
  list(limit: number): Promise<RunRecord[]>;
}

/** Queue of on-demand runs, consumed by the auditRunWorker function. */
export interface RunQueue {
  enqueue(message: { runId: string }): Promise<void>;
}

export interface AuditStores {
  reports: ReportStore;
  history: HistoryStore;
  runs: RunStore;
  runQueue: RunQueue;
}

/** A lock older than this is left over from a crashed run and may be taken. */
export const STALE_LOCK_MS = 3 * 3_600_000;
