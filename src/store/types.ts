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

/**
 * Reports as blobs. A run's files go to `<runId>/<name>`; `latest.json` is a small pointer to the
 * run whose files are "latest", moved in one write once all of them are stored, so a reader never
 * sees a mix of two runs (issue #13).
 */
export interface ReportStore {
  /** Stores every file of the run under its run id. Does not touch `latest`. */
  saveRun(runId: string, files: readonly ReportFile[]): Promise<void>;
  /** Points `latest` at a run whose files are all stored: one small blob write. */
  publishLatest(runId: string): Promise<void>;
  /** The latest run's file (through the pointer; a store written before the pointer existed: `latest/<name>`). */
  readLatest(name: string): Promise<string | undefined>;
  /** The latest output as a byte stream, for serving outputs too large for one string. */
  openLatest(name: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  readRun(runId: string, name: string): Promise<string | undefined>;
  /** A run's output as a byte stream: scoped and failed runs are served by their id. */
  openRun(runId: string, name: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Any blob of the reports container, such as `suppressions.json`. */
  readBlob(path: string): Promise<string | undefined>;
}

/** The blob that names the latest run. */
export const LATEST_POINTER = 'latest.json';

/** Findings history across runs (new / existing / reopened / resolved, alert de-duplication). */
export interface HistoryStore {
  load(): Promise<HistoryRecord[]>;
  /**
   * Writes the records given, replacing any stored with the same id; records not given stay as
   * stored. A run passes only what it changed: at a million resources, history holds hundreds of
   * thousands of records, and those of findings resolved long ago need no writing each run.
   */
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
  /** Findings first seen in the run (reopened ones are counted apart). */
  new: number;
  /** Findings open again after they had resolved (absent in records written before it was kept). */
  reopened?: number;
  resolved: number;
  findings: number;
  /** Median age in days of the run's open findings (the dashboard's trend). */
  medianAgeDays?: number;
  /** What each alert sink did. */
  alerts: { sink: string; ok: boolean; attempts: number; error?: string }[];
}

/**
 * The answer to a lease request. `expiredHolder`: the run whose lease had expired when this one took
 * it, a run that stopped renewing (killed, crashed) and whose record may still say `running`.
 */
export type LockResult = { ok: true; expiredHolder?: string } | { ok: false; holder: string };

export interface RunStore {
  /**
   * Takes the single audit lease for {@link LEASE_TTL_MS}; refuses while another run's lease is
   * live (two audits never race on history). A lease whose holder stopped renewing it (a crashed or
   * killed run) expires and may be taken.
   */
  acquireLock(runId: string, now: Date): Promise<LockResult>;
  /** Extends the run's own lease; false when it is no longer the holder (it expired and was taken). */
  renewLock(runId: string, now: Date): Promise<boolean>;
  releaseLock(runId: string): Promise<void>;
  put(run: RunRecord): Promise<void>;
  get(runId: string): Promise<RunRecord | undefined>;
  /**
   * Moves a queued run to `running`, once: true for the one caller that did it, false when the run
   * is not queued (it started or finished already: a redelivered queue message) or does not exist.
   */
  claim(runId: string, now: Date): Promise<boolean>;
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

/**
 * How long the audit lease lasts unless renewed. The running audit renews it every
 * {@link LEASE_RENEW_MS}; a killed run stops renewing and its lease is free a few minutes later.
 */
export const LEASE_TTL_MS = 5 * 60_000;
export const LEASE_RENEW_MS = 60_000;
