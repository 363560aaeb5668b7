import { renderAll } from '../src/pipeline/runAudit.js';
import type { AuditReport, ReportFinding } from '../src/report/reportModel.js';
import { sampleReport } from '../test/report/sampleReport.js';
import { batched } from '../src/report/streamJson.js';

function largeReport(n: number): AuditReport {
  const report = sampleReport();
  const template = report.findings[0]!;
  const findings: ReportFinding[] = new Array<ReportFinding>(n);
  for (let i = 0; i < n; i++) {
    const hex = i.toString(16).padStart(32, '0');
    const rg = `rg-${i % 500}`;
    const resourceId = `/subscriptions/${(i % 200).toString().padStart(8, '0')}-1111-1111-1111-111111111111/resourceGroups/${rg}/providers/Microsoft.Web/sites/app-${i}`;
    findings[i] = {
      ...template,
      id: hex,
      resourceId,
      resourceGroup: rg,
      message: `App Service resource 'app-${i}' has no managed identity.`,
      evidence: { type: 'microsoft.web/sites', identity: null, supports: { systemAssigned: true, userAssigned: true } },
      remediation: { text: template.remediation.text, cli: `az webapp identity assign --ids ${resourceId}` },
      links: { portal: `https://portal.azure.com/#@tenant/resource${resourceId}` },
    };
  }
  report.findings = findings;
  return report;
}
const report = largeReport(Number(process.argv[2] ?? 40000));
for (let round = 0; round < 2; round++)
  for (const file of renderAll(report, '0.1.0')) {
    const t = process.cpuUsage();
    let total = 0;
    for (const chunk of batched(file.render())) total += Buffer.byteLength(chunk);
    const u = process.cpuUsage(t);
    console.log(round, file.name, Math.round((u.user + u.system) / 1000), "ms cpu", (total / 1e6).toFixed(1), "MB");
  }
