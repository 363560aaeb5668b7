import { renderCsv } from '../report/renderCsv.js';
import { renderHtml } from '../report/renderHtml.js';
import { renderJson } from '../report/renderJson.js';
import { renderMarkdown } from '../report/renderMarkdown.js';
import { renderSarif } from '../report/renderSarif.js';
import type { AuditReport } from '../report/reportModel.js';
import type { ReportFile } from '../store/types.js';

/** The five outputs, all from the one report model; each is rendered only while it is written. */
export function renderAll(report: AuditReport, toolVersion: string): ReportFile[] {
  return [
    { name: 'findings.json', contentType: 'application/json', render: () => renderJson(report) },
    { name: 'report.html', contentType: 'text/html; charset=utf-8', render: () => renderHtml(report) },
    { name: 'report.md', contentType: 'text/markdown; charset=utf-8', render: () => renderMarkdown(report) },
    {
      name: 'report.sarif',
      contentType: 'application/sarif+json',
      render: () => renderSarif(report, toolVersion),
    },
    { name: 'findings.csv', contentType: 'text/csv; charset=utf-8', render: () => renderCsv(report) },
  ];
}
