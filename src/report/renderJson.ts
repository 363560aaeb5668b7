import type { AuditReport } from './reportModel.js';

/** `findings.json`: the report model itself, without the dashboard-only trend. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
