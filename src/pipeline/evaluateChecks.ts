import type { AuditSnapshot } from '../collect/snapshot.js';
import { createSnapshotView } from '../checks/lib/snapshotView.js';
import type { Check, CheckContext, CheckFinding, CheckMetadata } from '../checks/types.js';

/** The outcome of one check in one run. */
export interface CheckOutcome {
  metadata: CheckMetadata;
  status: 'pass' | 'fail' | 'error';
  evaluated: number;
  findings: CheckFinding[];
  errors: string[];
  notEvaluated?: { reason: string; count: number }[];
}

/**
 * Runs the checks over the snapshot, sharing one indexed view of it. A check that throws is `error` with the reason, and the other
 * checks still run. A check whose data was partly unreadable is `error` even if it found failures:
 * it could not look everywhere, so its silence elsewhere proves nothing.
 */
export function evaluateChecks(
  checks: readonly Check[],
  snapshot: AuditSnapshot,
  context: CheckContext,
): CheckOutcome[] {
  const view = createSnapshotView(snapshot);
  return checks.map((check) => {
    try {
      const r = check.evaluate(snapshot, context, view);
      return {
        metadata: check.metadata,
        status: r.errors.length ? 'error' : r.findings.length ? 'fail' : 'pass',
        evaluated: r.evaluated,
        findings: r.findings,
        errors: r.errors,
        ...(r.notEvaluated?.length ? { notEvaluated: r.notEvaluated } : {}),
      };
    } catch (e) {
      return {
        metadata: check.metadata,
        status: 'error',
        evaluated: 0,
        findings: [],
        errors: [`the check failed: ${(e as Error).message}`],
      };
    }
  });
}
