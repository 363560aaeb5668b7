/**
 * What `npm run bench` concludes from one audit: the quota floor of a full sweep and whether the
 * run counts (complete, and exactly the planted findings). Pure, so the rules are tested apart.
 */

/** Resource Graph's per-caller quota (Microsoft Learn, "Guidance for throttled requests in Azure Resource Graph"). */
export interface ArgQuotaShape {
  requests: number;
  windowMs: number;
}

/** Rows per Resource Graph page (`$top` at most 1000). */
export const ARG_PAGE_ROWS = 1000;

/**
 * The least time the quota allows for a full sweep of every resource row: ceil(resources / 1000)
 * pages, the first `requests` at once, each further batch one window later (docs/contract.md,
 * "Performance benchmark"). A product that reads less than a full sweep can show a ratio below 1.
 */
export function fullSweepFloorSeconds(resources: number, quota: ArgQuotaShape, quotaScale = 1): number {
  const pages = Math.ceil(resources / ARG_PAGE_ROWS);
  const windows = Math.max(0, Math.ceil(pages / quota.requests) - 1);
  return (windows * quota.windowMs) / quotaScale / 1000;
}

/** One check whose finding count differs from what the generator planted. */
export interface FindingMismatch {
  checkId: string;
  expected: number;
  found: number;
}

/** Checks whose counts differ, in check-id order; empty when every count matches. */
export function findingMismatches(
  expected: Readonly<Record<string, number>>,
  found: Readonly<Record<string, number>>,
): FindingMismatch[] {
  const ids = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
  return ids
    .map((checkId) => ({ checkId, expected: expected[checkId] ?? 0, found: found[checkId] ?? 0 }))
    .filter((m) => m.expected !== m.found);
}

/** Why a bench run does not count, or an empty list when it does: the exit code is 1 unless empty. */
export function benchFailures(run: {
  status: string;
  findings: number;
  expectedFindings: number;
  mismatches: readonly FindingMismatch[];
}): string[] {
  const reasons: string[] = [];
  if (run.status !== 'complete') reasons.push(`the audit's status is '${run.status}', not 'complete'`);
  if (run.findings !== run.expectedFindings || run.mismatches.length > 0) {
    const detail = run.mismatches.map((m) => `${m.checkId} ${m.found}/${m.expected}`).join(', ');
    reasons.push(
      `${run.findings} findings where ${run.expectedFindings} were planted${detail ? ` (found/planted: ${detail})` : ''}`,
    );
  }
  return reasons;
}
