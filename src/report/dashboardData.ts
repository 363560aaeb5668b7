import type { AuditReport, ReportFinding } from './reportModel.js';

/**
 * The fields of a finding the dashboard shows, in the order of each compact row. What every finding
 * of a check shares (title, remediation text, references) is not repeated: the page takes it from
 * the check.
 */
export const DASHBOARD_FINDING_FIELDS = [
  'id',
  'checkId',
  'severity',
  'message',
  'resourceId',
  'subscriptionId',
  'principalId',
  'principalName',
  'firstSeen',
  'lastSeen',
  'state',
  'suppressed',
  'resourceGroup',
  'subscriptionName',
  'managementGroupPath',
  'tags',
  'owner',
  'ownerSource',
  'ageDays',
  'links',
  'cli',
  'evidence',
  'title',
] as const;

/** Findings per `<script>` element: small enough for the browser to parse each in a moment. */
export const DASHBOARD_CHUNK = 2000;

/** JSON that is inert inside an HTML `<script type="application/json">` element. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function compactRow(f: ReportFinding, checkTitles: Map<string, string>): unknown[] {
  return DASHBOARD_FINDING_FIELDS.map((field) => {
    if (field === 'cli') return f.remediation.cli;
    // The title is sent only where a finding's differs from its check's.
    if (field === 'title') return f.title === checkTitles.get(f.checkId) ? null : f.title;
    return f[field] ?? null;
  });
}

/**
 * The dashboard's data as HTML elements, streamed: one element with the run (everything but the
 * findings and resolved items), then the findings and resolved items in elements of
 * {@link DASHBOARD_CHUNK} each. No element holds the whole report, so neither the renderer nor the
 * browser ever needs one string the size of `findings.json`.
 */
export function* dashboardDataElements(report: AuditReport): Generator<string> {
  const { findings, resolved, ...run } = report;
  yield `<script type="application/json" id="report-meta">${inertJson({ ...run, findingFields: DASHBOARD_FINDING_FIELDS })}</script>\n`;
  const checkTitles = new Map(report.checks.map((c) => [c.id, c.title]));
  for (let i = 0; i < findings.length; i += DASHBOARD_CHUNK) {
    const rows: unknown[] = [];
    for (const f of findings.slice(i, i + DASHBOARD_CHUNK)) rows.push(compactRow(f, checkTitles));
    yield `<script type="application/json" data-findings>${inertJson(rows)}</script>\n`;
  }
  for (let i = 0; i < resolved.length; i += DASHBOARD_CHUNK) {
    yield `<script type="application/json" data-resolved>${inertJson(resolved.slice(i, i + DASHBOARD_CHUNK))}</script>\n`;
  }
}
