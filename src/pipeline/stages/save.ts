import type { AuditReport } from '../../report/reportModel.js';
import type { ReportFile } from '../../store/types.js';
import { renderAll } from '../renderAll.js';
import type { RunContext } from '../runContext.js';

/** Stage 7: renders every output from the report and stores them under the run id (and `latest`). */
export async function saveReports(run: RunContext, report: AuditReport): Promise<ReportFile[]> {
  run.progress('report');
  const files = renderAll(report, run.deps.toolVersion);
  await run.deps.stores.reports.saveRun(run.runId, files);
  return files;
}
