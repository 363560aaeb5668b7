import { createSnapshotView } from '../checks/lib/snapshotView.js';
import type { Check, CheckContext, CheckFinding, CheckMetadata } from '../checks/types.js';
import type { AuditSnapshot } from '../collect/snapshot.js';
import { DependencyIndex, type Blindness } from './checkDependencies.js';

/** The outcome of one check in one run. */
export interface CheckOutcome {
  metadata: CheckMetadata;
  status: 'pass' | 'fail' | 'error';
  evaluated: number;
  findings: CheckFinding[];
  /**
   * How many of its findings the report carries, once the reconcile stage has made them report
   * findings: `findings` is emptied then, so that a finding is not held twice while the report is
   * assembled and written.
   */
  reported?: number;
  errors: string[];
  notEvaluated?: { reason: string; count: number }[];
  /** Where the check could not see: none of its history there may resolve. */
  blind: Blindness;
  /**
   * Where the sources the check needs were unread (its `blind` without the check's own errors): a
   * finding found there that is not already open is withheld, so an outage never creates one.
   */
  sourceBlind: Blindness;
}

/**
 * Runs the checks over the snapshot, sharing one indexed view of it. The pipeline, not the check,
 * decides from the check's `needs` whether it could see everything: a needed source unread for a
 * scope makes it `error` with the reason, and blind to that scope. A check whose data was partly
 * unreadable is `error` even if it found failures: it could not look everywhere, so its silence
 * elsewhere proves nothing. A check that throws is `error`, and the other checks still run.
 */
export function evaluateChecks(
  checks: readonly Check[],
  snapshot: AuditSnapshot,
  context: CheckContext,
): CheckOutcome[] {
  const view = createSnapshotView(snapshot);
  const dependencies = new DependencyIndex(snapshot);
  return checks.map((check) => {
    const blind = dependencies.blindness(check.metadata);
    try {
      const r = check.evaluate(snapshot, context, view);
      // The check's own reasons (an unknown role, a principal it could not classify) are not scoped.
      const own = r.errors.length ? { ...blind, everywhere: true } : blind;
      const errors = [...new Set([...blind.reasons, ...r.errors])];
      return {
        metadata: check.metadata,
        status: errors.length ? 'error' : r.findings.length ? 'fail' : 'pass',
        evaluated: r.evaluated,
        findings: r.findings,
        errors,
        ...(r.notEvaluated?.length ? { notEvaluated: r.notEvaluated } : {}),
        blind: own,
        sourceBlind: blind,
      };
    } catch (e) {
      return {
        metadata: check.metadata,
        status: 'error',
        evaluated: 0,
        findings: [],
        errors: [`the check failed: ${(e as Error).message}`],
        blind: { ...blind, everywhere: true },
        sourceBlind: blind,
      };
    }
  });
}

/** What a run that read nothing knows about a check: it could see nothing. */
export function blindEverywhere(reason: string): Blindness {
  return {
    reasons: [reason],
    everywhere: true,
    subscriptions: new Set(),
    resources: new Set(),
    silent: new Set(),
  };
}
