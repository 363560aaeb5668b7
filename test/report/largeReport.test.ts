import { describe, expect, it } from 'vitest';

import { renderAll } from '../../src/pipeline/runAudit.js';
import { MARKDOWN_LISTING_BYTES } from '../../src/report/renderMarkdown.js';
import { SARIF_MAX_RESULTS } from '../../src/report/renderSarif.js';
import type { AuditReport, ReportFinding } from '../../src/report/reportModel.js';
import { sampleReport } from './sampleReport.js';

/** A report of `n` findings shaped like real ones (ids, evidence, links, filled commands). */
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
      evidence: {
        type: 'microsoft.web/sites',
        identity: null,
        supports: { systemAssigned: true, userAssigned: true },
      },
      remediation: { text: template.remediation.text, cli: `az webapp identity assign --ids ${resourceId}` },
      links: { portal: `https://portal.azure.com/#@tenant/resource${resourceId}` },
    };
  }
  report.findings = findings;
  return report;
}

describe('outputs of a very large tenant', () => {
  it('renders 300,000 findings in every format without one giant string', () => {
    const report = largeReport(300_000);
    for (const file of renderAll(report, '0.1.0')) {
      let total = 0;
      let bytes = 0;
      let largest = 0;
      let last = '';
      for (const chunk of file.render()) {
        total += chunk.length;
        bytes += Buffer.byteLength(chunk);
        largest = Math.max(largest, chunk.length);
        last = chunk;
      }
      if (file.name === 'report.md') {
        // Listed up to its budget, the rest counted: it stays within a GitHub job summary's 1 MiB.
        expect(bytes).toBeLessThan(1 << 20);
        expect(bytes).toBeGreaterThan(MARKDOWN_LISTING_BYTES);
      } else if (file.name === 'report.sarif') {
        // The 25,000 results GitHub code scanning accepts in a run.
        expect(total).toBeGreaterThan(SARIF_MAX_RESULTS * 500);
        expect(total).toBeLessThan(SARIF_MAX_RESULTS * 5000);
      } else {
        // More text than fits in one V8 string for findings.json at this size is fine: it never is one.
        expect(total, file.name).toBeGreaterThan(300_000 * 50);
      }
      // And no piece is larger than V8's regular objects (128 KB: 64K two-byte characters), which
      // would take fresh pages of their own, once per piece (src/report/pieceSize.ts).
      expect(largest, file.name).toBeLessThan(1 << 16);
      expect(last.endsWith('\n'), file.name).toBe(true);
    }
  }, 240_000);
});
