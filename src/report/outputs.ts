import type { AuditReport } from './reportModel.js';
import { renderCsv } from './renderCsv.js';
import { renderHtml } from './renderHtml.js';
import { renderJson } from './renderJson.js';
import { renderMarkdown } from './renderMarkdown.js';
import { renderSarif } from './renderSarif.js';

/** One output of a run: the `--format` name, the file (and blob) name, its content type, its renderer. */
export interface Output {
  format: string;
  name: string;
  contentType: string;
  /** The output's text as chunks, rendered while they are written (never one string). */
  render(report: AuditReport, toolVersion: string): Iterable<string>;
}

/**
 * The outputs of a run (docs/contract.md), the one place that names them: the pipeline renders these,
 * stores keep them under these names, the CLI's `--format` chooses among them, the HTTP API serves
 * two of them. To add an output, add a renderer in this folder and a row here.
 */
export const OUTPUTS = [
  { format: 'json', name: 'findings.json', contentType: 'application/json', render: renderJson },
  { format: 'html', name: 'report.html', contentType: 'text/html; charset=utf-8', render: renderHtml },
  { format: 'md', name: 'report.md', contentType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  { format: 'sarif', name: 'report.sarif', contentType: 'application/sarif+json', render: renderSarif },
  { format: 'csv', name: 'findings.csv', contentType: 'text/csv; charset=utf-8', render: renderCsv },
] as const satisfies readonly Output[];

/** A `--format` name: json, html, md, sarif, csv. */
export type OutputFormat = (typeof OUTPUTS)[number]['format'];

/** The output of a format. */
export function outputOf(format: OutputFormat): Output {
  return OUTPUTS.find((o) => o.format === format)!;
}
