import { deliverAlerts, type DeliveryResult } from '../../alert/deliverAlerts.js';
import { selectAlerts } from '../../alert/selectAlerts.js';
import type { AuditReport } from '../../report/reportModel.js';
import type { HistoryRecord } from '../../model/history.js';
import type { RunContext } from '../runContext.js';

/**
 * Stage 8: sends each sink the findings due for it (history keeps per finding and per sink what was
 * alerted) and returns the history with what each sink took marked, and the records it marked
 * (`marked`: what history needs saving again). A sink that failed gets the same findings next run;
 * the others do not get them twice.
 */
export async function alert(
  run: RunContext,
  report: AuditReport,
  history: HistoryRecord[],
): Promise<{ alerts: DeliveryResult[]; history: HistoryRecord[]; marked: HistoryRecord[] }> {
  run.progress('alert');
  const { deps } = run;
  const deliveries = deps.sinks.flatMap((sink) => {
    const message = selectAlerts(report, history, deps.config.alert.minSeverity, sink.name);
    return message ? [{ sink, message }] : [];
  });
  if (!deliveries.length) return { alerts: [], history, marked: [] };
  const results = await deliverAlerts(deliveries, report);
  for (const a of results.filter((x) => !x.ok))
    deps.log?.(`alert sink ${a.sink} failed after ${a.attempts} attempt(s): ${a.error}`);
  const takenBy = new Map<string, string[]>();
  for (const r of results.filter((x) => x.ok))
    for (const id of r.findingIds) takenBy.set(id, [...(takenBy.get(id) ?? []), r.sink]);
  const at = report.finishedAt;
  const marked: HistoryRecord[] = [];
  return {
    alerts: results.map(({ findingIds: _ids, ...result }) => result),
    history: history.map((h) => {
      const sinks = takenBy.get(h.id);
      if (!sinks) return h;
      const record = {
        ...h,
        alertedAt: h.alertedAt && h.alertedAt >= h.openedAt ? h.alertedAt : at,
        alertedSinks: { ...h.alertedSinks, ...Object.fromEntries(sinks.map((s) => [s, at])) },
      };
      marked.push(record);
      return record;
    }),
    marked,
  };
}
