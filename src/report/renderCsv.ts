import { stringify } from 'csv-stringify/sync';

import type { AuditReport } from './reportModel.js';

/**
 * Neutralises spreadsheet formula injection (OWASP): a cell that starts with =, +, -, @, tab or
 * carriage return is prefixed with an apostrophe, so Excel shows it as text instead of running it.
 * Every string from Azure (names, tags, log fields) is attacker-controlled.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const COLUMNS = [
  'id',
  'severity',
  'checkId',
  'state',
  'title',
  'message',
  'resourceId',
  'subscriptionId',
  'principalId',
  'firstSeen',
  'lastSeen',
  'suppressed',
  'remediation',
  'cli',
] as const;

/** `findings.csv`: one row per finding, for spreadsheets. */
export function renderCsv(report: AuditReport): string {
  const rows = report.findings.map((f) =>
    [
      f.id,
      f.severity,
      f.checkId,
      f.state,
      f.title,
      f.message,
      f.resourceId,
      f.subscriptionId ?? '',
      f.principalId ?? '',
      f.firstSeen,
      f.lastSeen,
      f.suppressed ? `${f.suppressed.reason} (until ${f.suppressed.expires})` : '',
      f.remediation.text,
      f.remediation.cli,
    ].map((v) => neutraliseCell(String(v))),
  );
  return stringify([[...COLUMNS], ...rows], { quoted_string: true, record_delimiter: 'windows' });
}
