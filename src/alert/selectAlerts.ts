import type { HistoryRecord } from '../model/history.js';
import { isAtLeast, type Severity } from '../severity.js';
import type { AuditReport, ReportFinding } from '../report/reportModel.js';

/** One alert message per run: the findings that became due, grouped. */
export interface AlertMessage {
  type: 'mi-auditor.alert';
  runId: string;
  tenantId: string;
  minSeverity: Severity;
  bySeverity: Record<string, number>;
  findings: Pick<
    ReportFinding,
    | 'id'
    | 'checkId'
    | 'severity'
    | 'title'
    | 'message'
    | 'resourceId'
    | 'subscriptionId'
    | 'principalId'
    | 'state'
  >[];
}

/**
 * New and reopened findings at or above the alert severity that `sink` has not taken since they
 * (re)opened. History's per-sink `alertedSinks` makes this idempotent across runs and per sink: a
 * finding alerted to a sink is not alerted there again while it stays open, and a sink that was
 * down gets it next run. Without `sink`, any sink's alert counts. Suppressed findings never alert.
 */
export function selectAlerts(
  report: AuditReport,
  history: readonly HistoryRecord[],
  minSeverity: Severity,
  sink?: string,
): AlertMessage | undefined {
  const byId = new Map(history.map((h) => [h.id, h]));
  const due = report.findings.filter((f) => {
    if (f.suppressed || !isAtLeast(f.severity, minSeverity)) return false;
    const h = byId.get(f.id);
    if (!h) return true;
    // Records from before per-sink state have only `alertedAt`, which stood for every sink.
    const alertedAt = sink !== undefined && h.alertedSinks ? h.alertedSinks[sink] : h.alertedAt;
    return !alertedAt || alertedAt < h.openedAt;
  });
  if (due.length === 0) return undefined;
  const bySeverity: Record<string, number> = {};
  for (const f of due) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return {
    type: 'mi-auditor.alert',
    runId: report.runId,
    tenantId: report.tenantId,
    minSeverity,
    bySeverity,
    findings: due.map(
      ({ id, checkId, severity, title, message, resourceId, subscriptionId, principalId, state }) => ({
        id,
        checkId,
        severity,
        title,
        message,
        resourceId,
        ...(subscriptionId ? { subscriptionId } : {}),
        ...(principalId ? { principalId } : {}),
        state,
      }),
    ),
  };
}
