import { stringify } from 'csv-stringify/sync';

import type { AuditReport, ReportFinding } from './reportModel.js';

/**
 * Neutralises spreadsheet formula injection (OWASP): a cell that starts with =, +, -, @, tab or
 * carriage return is prefixed with an apostrophe, so Excel shows it as text instead of running it.
 * Every string from Azure (names, tags, log fields) is attacker-controlled.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

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

/** `findings.csv`: one row per finding, for spreadsheets; written row by row. */
export function* renderCsv(report: AuditReport): Generator<string> {
  yield stringify([CSV_COLUMNS.map(([name]) => name)], OPTIONS);
  for (const f of report.findings) {
    yield stringify([CSV_COLUMNS.map(([, get]) => neutraliseCell(String(get(f) ?? '')))], OPTIONS);
  }
}
