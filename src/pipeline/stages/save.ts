import type { AuditReport } from '../../report/reportModel.js';
import type { ReportFile } from '../../store/types.js';
import { renderAll } from '../renderAll.js';
import type { RunContext } from '../runContext.js';

/** Stage 7: renders every output from the report and stores them under the run id (not `latest` yet). */
export async function saveReports(run: RunContext, report: AuditReport): Promise<ReportFile[]> {
  run.progress('report');
  const files = renderAll(report, run.deps.toolVersion);
  await run.deps.stores.reports.saveRun(run.runId, files);
  return files;
}

/**
 * Moves `latest` to this run, after its files and its history are stored: one pointer write, so
 * readers never see a half-written mix. Only a tenant-wide run that read something (complete or
 * partial) becomes `latest`; a scoped run (some subscriptions or checks) or a failed run is kept
 * and served by its run id, so it never replaces the whole-tenant view.
 */
export async function publishLatest(run: RunContext, report: AuditReport): Promise<boolean> {
  const scoped = Boolean(run.request.subscriptions?.length || run.request.checks?.length);
  if (scoped || report.status === 'failed') return false;
  await run.deps.stores.reports.publishLatest(run.runId);
  return true;
}
