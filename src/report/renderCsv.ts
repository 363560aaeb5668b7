import { stringify } from 'csv-stringify/sync';

import { PIECE_CHARS } from './pieceSize.js';
import type { AuditReport, ReportFinding } from './reportModel.js';

/**
 * Neutralises spreadsheet formula injection (OWASP): a cell that starts with =, +, -, @, tab or
 * carriage return is prefixed with an apostrophe, so Excel shows it as text instead of running it.
 * Every string from Azure (names, tags, log fields) is attacker-controlled.
 */
export function neutraliseCell(value: string): string {
  // A look at the first character: a regular expression per cell was 1.5% of a 1M-resource run's CPU.
  return FORMULA_STARTS.has(value.charCodeAt(0)) ? `'${value}` : value;
}

/** The characters that start a formula: = + - @ tab, carriage return. */
const FORMULA_STARTS = new Set([...'=+-@\t\r'].map((c) => c.charCodeAt(0)));

/** The columns of `findings.csv`, in order; new columns are only ever appended. */
export const CSV_COLUMNS: readonly (readonly [string, (f: ReportFinding) => string | number | undefined])[] =
  [
    ['id', (f) => f.id],
    ['severity', (f) => f.severity],
    ['checkId', (f) => f.checkId],
    ['state', (f) => f.state],
    ['title', (f) => f.title],
    ['message', (f) => f.message],
    ['resourceId', (f) => f.resourceId],
    ['subscriptionId', (f) => f.subscriptionId],
    ['principalId', (f) => f.principalId],
    ['firstSeen', (f) => f.firstSeen],
    ['lastSeen', (f) => f.lastSeen],
    ['suppressed', (f) => (f.suppressed ? `${f.suppressed.reason} (until ${f.suppressed.expires})` : '')],
    ['remediation', (f) => f.remediation.text],
    ['cli', (f) => f.remediation.cli],
    ['resourceGroup', (f) => f.resourceGroup],
    ['subscriptionName', (f) => f.subscriptionName],
    ['managementGroupPath', (f) => f.managementGroupPath?.join(' / ')],
    ['owner', (f) => f.owner],
    ['principalName', (f) => f.principalName],
    ['ageDays', (f) => f.ageDays],
    ['portalLink', (f) => f.links?.portal],
  ];

const OPTIONS = { quoted_string: true, record_delimiter: 'windows' } as const;

/**
 * One cell as csv-stringify writes it with {@link OPTIONS} (every value is a string, so every cell is
 * quoted and its quotes doubled): the header goes through csv-stringify itself, the rows through this
 * one template per cell, since a library call per row was a tenth of the run's CPU at 300 MB of
 * outputs. test/report/renderers.test.ts holds the two to the same bytes.
 */
export function csvCell(value: string): string {
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}

/** `findings.csv`: one row per finding, for spreadsheets; written about {@link PIECE_CHARS} at a time. */
export function* renderCsv(report: AuditReport): Generator<string> {
  yield stringify([CSV_COLUMNS.map(([name]) => name)], OPTIONS);
  let text = '';
  for (const f of report.findings) {
    let row = '';
    for (let c = 0; c < CSV_COLUMNS.length; c++) {
      row += (c ? ',' : '') + csvCell(neutraliseCell(String(CSV_COLUMNS[c]![1](f) ?? '')));
    }
    text += `${row}\r\n`;
    if (text.length >= PIECE_CHARS) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}
