import type { AuditSnapshot } from '../../collect/snapshot.js';
import type { CheckContext, CheckResult } from '../types.js';
import { createSnapshotView, type SnapshotView } from './snapshotView.js';

/**
 * A check's `evaluate` written over the run's SnapshotView: the pipeline passes the view it built
 * once for every check; called with the snapshot alone (as unit tests do), the view is built here.
 * The check itself is then only its logic: `export const evaluate = withSnapshotView((view) => …)`.
 */
export function withSnapshotView(
  evaluate: (view: SnapshotView, context: CheckContext | undefined) => CheckResult,
): (snapshot: AuditSnapshot, context?: CheckContext, view?: SnapshotView) => CheckResult {
  return (snapshot, context, view = createSnapshotView(snapshot)) => evaluate(view, context);
}
