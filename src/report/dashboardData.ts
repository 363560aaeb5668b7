import { jsonArrayPieces } from '../util/jsonArrayPieces.js';
import type { AuditReport, ReportFinding } from './reportModel.js';

/**
 * The fields of a finding the dashboard filters, counts and lists, in the order of each compact row
 * (parsed when the page opens). What every finding of a check shares (title, remediation text,
 * references) is not repeated: the page takes it from the check. `managementGroupPath` is an index
 * into the run's list of distinct paths (`mgPaths`), `subscriptionName` and `lastSeen` are left out
 * where they are the subscription's name in the coverage and the run's start.
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
  'owner',
  'ownerSource',
  'ageDays',
  'title',
] as const;

/**
 * The fields only a finding's details and the CSV export need, in separate chunks that the page
 * parses when one of their findings is opened or exported: at 300k findings the evidence and
 * commands are most of the data, and parsing them all at load would double the time to first view.
 * `links.learn` is left out where it is the check's Microsoft Learn page.
 */
export const DASHBOARD_DETAIL_FIELDS = ['links', 'cli', 'evidence', 'tags'] as const;

/** Findings per `<script>` element: small enough for the browser to parse each in a moment. */
export const DASHBOARD_CHUNK = 2000;

/** JSON that is inert inside an HTML `<script type="application/json">` element. */
export function inertJson(value: unknown): string {
  const text = JSON.stringify(value);
  // One scan for the three characters; most chunks have none of them and are written as they are.
  return NOT_INERT.test(text)
    ? text
        .replace(/</g, '\\u003c')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029')
    : text;
}

const NOT_INERT = /[<\u2028\u2029]/;

/** Rows per `JSON.stringify` call inside an element: about the piece size of pieceSize.ts. */
const ROWS_PER_PIECE = 32;

/**
 * `inertJson(items)` for an array, as pieces of {@link ROWS_PER_PIECE} items each: the same text
 * (the escapes replace one character each), never one string of the whole element.
 */
export function inertJsonArray(items: readonly unknown[]): Iterable<string> {
  return jsonArrayPieces(items, ROWS_PER_PIECE, inertJson);
}

interface Shared {
  checks: Map<string, { title: string; learnUrl?: string }>;
  subscriptionNames: Map<string, string>;
  mgPaths: Map<string, number>;
  lastSeen: string;
}

/** A finding's compact row: {@link DASHBOARD_FINDING_FIELDS}, in that order. */
function compactRow(f: ReportFinding, shared: Shared): unknown[] {
  const check = shared.checks.get(f.checkId);
  return [
    f.id ?? null,
    f.checkId ?? null,
    f.severity ?? null,
    f.message ?? null,
    f.resourceId ?? null,
    f.subscriptionId ?? null,
    f.principalId ?? null,
    f.principalName ?? null,
    f.firstSeen ?? null,
    // Left out where it is the run's start.
    f.lastSeen === shared.lastSeen ? null : f.lastSeen,
    f.state ?? null,
    f.suppressed ?? null,
    f.resourceGroup ?? null,
    // Left out where it is the subscription's name in the coverage.
    f.subscriptionName === shared.subscriptionNames.get(f.subscriptionId?.toLowerCase() ?? '')
      ? null
      : (f.subscriptionName ?? null),
    // An index into the run's distinct paths.
    f.managementGroupPath?.length ? shared.mgPaths.get(f.managementGroupPath.join('/')) : null,
    f.owner ?? null,
    f.ownerSource ?? null,
    f.ageDays ?? null,
    // The title is sent only where a finding's differs from its check's.
    f.title === check?.title ? null : f.title,
  ];
}

function detailRow(f: ReportFinding, shared: Shared): unknown[] {
  const { learn, ...links } = f.links ?? {};
  const keepLearn = learn !== undefined && learn !== shared.checks.get(f.checkId)?.learnUrl;
  return [keepLearn ? { ...links, learn } : links, f.remediation.cli, f.evidence, f.tags ?? null];
}

/**
 * The dashboard's data as HTML elements, streamed: one element with the run (everything but the
 * findings and resolved items), then the findings in elements of {@link DASHBOARD_CHUNK} each (their
 * compact rows, then their details), then the resolved items. No element holds the whole report, so
 * neither the renderer nor the browser ever needs one string the size of `findings.json`.
 */
export function* dashboardDataElements(report: AuditReport): Generator<string> {
  const { findings, resolved, ...run } = report;
  const mgPaths = new Map<string, number>();
  for (const f of findings) {
    const key = f.managementGroupPath?.join('/');
    if (key && !mgPaths.has(key)) mgPaths.set(key, mgPaths.size);
  }
  const shared: Shared = {
    checks: new Map(report.checks.map((c) => [c.id, c])),
    subscriptionNames: new Map(
      report.coverage.subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName]),
    ),
    mgPaths,
    lastSeen: report.startedAt,
  };
  yield `<script type="application/json" id="report-meta">${inertJson({
    ...run,
    findingFields: DASHBOARD_FINDING_FIELDS,
    detailFields: DASHBOARD_DETAIL_FIELDS,
    chunk: DASHBOARD_CHUNK,
    mgPaths: [...mgPaths.keys()].map((k) => k.split('/')),
  })}</script>\n`;
  for (let i = 0; i < findings.length; i += DASHBOARD_CHUNK) {
    const rows: unknown[] = [];
    const details: unknown[] = [];
    for (let j = i; j < Math.min(findings.length, i + DASHBOARD_CHUNK); j++) {
      rows.push(compactRow(findings[j]!, shared));
      details.push(detailRow(findings[j]!, shared));
    }
    yield '<script type="application/json" data-findings>';
    yield* inertJsonArray(rows);
    yield '</script>\n<script type="application/json" data-details>';
    yield* inertJsonArray(details);
    yield '</script>\n';
  }
  for (let i = 0; i < resolved.length; i += DASHBOARD_CHUNK) {
    yield '<script type="application/json" data-resolved>';
    yield* inertJsonArray(resolved.slice(i, i + DASHBOARD_CHUNK));
    yield '</script>\n';
  }
}
