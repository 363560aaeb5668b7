import type { HistoryRecord } from '../model/history.js';
import type { TrendPoint } from '../report/reportModel.js';
import { SEVERITIES, type Severity } from '../severity.js';
import type { RunRecord, RunSummary } from '../store/types.js';

const DAY_MS = 86_400_000;

/** What could be read of the findings history at a past run's start, indexed once for every point. */
interface HistoryIndex {
  firstSeen: Map<string, number>;
  reopened: Map<string, number>;
  resolved: Map<string, number>;
}

function indexHistory(history: readonly HistoryRecord[]): HistoryIndex {
  const index: HistoryIndex = { firstSeen: new Map(), reopened: new Map(), resolved: new Map() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const h of history) {
    bump(index.firstSeen, h.firstSeen);
    if (h.openedAt !== h.firstSeen) bump(index.reopened, h.openedAt);
    if (h.resolvedAt) bump(index.resolved, h.resolvedAt);
  }
  return index;
}

/**
 * The findings history knows, per finding, when it was first seen, when it last (re)opened and when
 * it last resolved, each stamped with the start of the run that saw it (reconcile.ts). A finding
 * surely open at a past run's start `at` is one first seen by then, (re)opened by then and not
 * resolved by then. A finding reopened after `at` may or may not have been open at `at` (its earlier
 * resolution is not kept), so it is left out: a derived median is of the findings known to be open.
 */
function openAt(history: readonly HistoryRecord[], at: string): HistoryRecord[] {
  return history.filter(
    (h) => h.firstSeen <= at && h.openedAt <= at && (h.status === 'open' || (h.resolvedAt ?? '') > at),
  );
}

function medianAge(open: readonly HistoryRecord[], at: string): number | undefined {
  const t = Date.parse(at);
  const ages = open.map((h) => Math.max(0, Math.floor((t - Date.parse(h.firstSeen)) / DAY_MS)));
  if (!ages.length) return undefined;
  ages.sort((a, b) => a - b);
  return ages[Math.floor((ages.length - 1) / 2)];
}

function severities(open: readonly HistoryRecord[]): Record<Severity, number> {
  const by = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const h of open) by[h.severity]++;
  return by;
}

/**
 * One past run as a trend point: what its record says (severity counts, new and reopened, resolved,
 * median age of open findings). Records written before a field existed (no `reopened`, no
 * `medianAgeDays`: runs before this version) get it from the findings history where it can be
 * told from there, and the point says which values were derived (`derived`), since a derived count
 * is a lower bound (history keeps only a finding's latest opening and resolution) and a derived
 * median leaves out suppressions (history does not keep them).
 */
function pastPoint(r: RunRecord, history: readonly HistoryRecord[], index: () => HistoryIndex): TrendPoint {
  // Read as written by any version: fields were added over time.
  const s: Partial<RunSummary> = r.summary!;
  const at = r.startedAt;
  const derived: NonNullable<TrendPoint['derived']> = [];
  let open: HistoryRecord[] | undefined;
  const openThen = () => (open ??= at ? openAt(history, at) : []);
  let bySeverity = s.bySeverity;
  if (!bySeverity && at) {
    bySeverity = severities(openThen());
    derived.push('bySeverity');
  }
  let fresh: number | undefined = s.new;
  if (s.reopened !== undefined) fresh = (fresh ?? 0) + s.reopened;
  else if (at) {
    fresh = (s.new ?? index().firstSeen.get(at) ?? 0) + (index().reopened.get(at) ?? 0);
    derived.push('new');
  }
  let resolved: number | undefined = s.resolved;
  if (resolved === undefined && at) {
    resolved = index().resolved.get(at) ?? 0;
    derived.push('resolved');
  }
  let median = s.medianAgeDays;
  if (median === undefined && at) {
    median = medianAge(openThen(), at);
    if (median !== undefined) derived.push('medianAgeDays');
  }
  return {
    runId: r.runId,
    finishedAt: r.finishedAt!,
    status: r.status as TrendPoint['status'],
    bySeverity: bySeverity ?? (Object.fromEntries(SEVERITIES.map((x) => [x, 0])) as Record<Severity, number>),
    ...(fresh !== undefined ? { new: fresh } : {}),
    ...(resolved !== undefined ? { resolved } : {}),
    ...(median !== undefined ? { medianAgeDays: median } : {}),
    ...(derived.length ? { derived } : {}),
  };
}

/**
 * The dashboard's trend: every finished, not failed past run of the run index (newest first, as
 * `RunStore.list` gives them), oldest first, then this run's point. `history` is the findings
 * history after this run (what reconcile keeps), read only for records that lack a value.
 */
export function trendPoints(
  records: readonly RunRecord[],
  history: readonly HistoryRecord[],
  current: TrendPoint,
): TrendPoint[] {
  let index: HistoryIndex | undefined;
  const indexed = () => (index ??= indexHistory(history));
  const past = records
    .filter((r) => r.runId !== current.runId && r.finishedAt && r.summary && r.status !== 'failed')
    .map((r) => pastPoint(r, history, indexed))
    .reverse();
  past.push(current);
  return past;
}
