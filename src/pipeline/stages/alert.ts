import { deliverAlerts, type DeliveryResult } from '../../alert/deliverAlerts.js';
import { selectAlerts } from '../../alert/selectAlerts.js';
import type { AuditReport } from '../../report/reportModel.js';
import type { HistoryRecord } from '../../model/history.js';
import type { RunContext } from '../runContext.js';

/**
 * Stage 8: sends the findings that are due to every sink and returns the history with what was
 * alerted marked. A finding counts as alerted once any sink took the message; if all failed, the
 * next run tries again.
 */
export async function alert(
  run: RunContext,
  report: AuditReport,
  history: HistoryRecord[],
): Promise<{ alerts: DeliveryResult[]; history: HistoryRecord[] }> {
  run.progress('alert');
  const { deps } = run;
  const message = selectAlerts(report, history, deps.config.alert.minSeverity);
  if (!message || !deps.sinks.length) return { alerts: [], history };
  const alerts = await deliverAlerts(deps.sinks, message, report);
  for (const a of alerts.filter((x) => !x.ok))
    deps.log?.(`alert sink ${a.sink} failed after ${a.attempts} attempt(s): ${a.error}`);
  if (!alerts.some((a) => a.ok)) return { alerts, history };
  const sent = new Set(message.findings.map((f) => f.id));
  return {
    alerts,
    history: history.map((h) => (sent.has(h.id) ? { ...h, alertedAt: report.finishedAt } : h)),
  };
}
