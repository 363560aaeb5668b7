import type { Severity } from '../severity.js';

/** A finding of this run, as reconciliation needs it. */
export interface CurrentFinding {
  id: string;
  checkId: string;
  resourceId: string;
  principalId?: string;
  subscriptionId?: string;
  severity: Severity;
  title: string;
}

/** What history keeps of a finding between runs (one Table storage row). */
export interface HistoryRecord extends CurrentFinding {
  firstSeen: string;
  /**
   * When a run that saw the finding last wrote this record. A run that sees an open finding as it
   * was does not rewrite it (reconcile.ts, `changed`), so this can be older than the last run that
   * saw it; reports give each finding's `lastSeen` as their own run's time.
   */
  lastSeen: string;
  status: 'open' | 'resolved';
  resolvedAt?: string;
  /** When the finding last (re)opened: alerts are due when this is later than `alertedAt`. */
  openedAt: string;
  /** When any sink first took the finding's alert (kept for records written before alertedSinks). */
  alertedAt?: string;
  /**
   * When each alert sink (by name) took the finding's alert: a sink that was down when the finding
   * opened still gets it on a later run, and no sink gets it twice.
   */
  alertedSinks?: Record<string, string>;
}
