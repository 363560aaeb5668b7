import { OUTPUTS } from '../report/outputs.js';
import type { AuditReport } from '../report/reportModel.js';
import type { ReportFile } from '../store/types.js';

/** Every output of the run (src/report/outputs.ts), all from the one report model; each rendered only while written. */
export function renderAll(report: AuditReport, toolVersion: string): ReportFile[] {
  return OUTPUTS.map((o) => ({
    name: o.name,
    contentType: o.contentType,
    render: () => o.render(report, toolVersion),
  }));
}
