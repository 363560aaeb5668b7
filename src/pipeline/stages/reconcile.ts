import type { CheckFinding } from '../../checks/types.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import type { CheckOutcome } from '../evaluateChecks.js';
import { fingerprint } from '../fingerprint.js';
import { reconcile as compareWithHistory, type Reconciliation } from '../reconcile.js';
import type { RunContext } from '../runContext.js';

/** A finding of this run with its stable id and the outcome of the check that raised it. */
export interface IdentifiedFinding extends CheckFinding {
  id: string;
  outcome: CheckOutcome;
}

/** This run's findings against history: their states, what resolved, and the history to keep. */
export interface Reconciled extends Reconciliation {
  findings: IdentifiedFinding[];
}

/** What a run that read nothing reconciles: nothing found, nothing resolved, history untouched. */
export const NOTHING_RECONCILED: Reconciled = { findings: [], states: new Map(), resolved: [], history: [] };

/**
 * Stage 5: gives each finding its id and compares with history. A finding resolves only where this
 * run observed cleanly: its check could see the finding's subscription and resource (every source
 * it needs read there), the subscription was read, and for tenant-level findings the run was
 * tenant-wide.
 */
export async function reconcile(
  run: RunContext,
  snapshot: AuditSnapshot,
  outcomes: readonly CheckOutcome[],
): Promise<Reconciled> {
  run.progress('reconcile');
  const previous = await run.deps.stores.history.load();
  const findings = outcomes.flatMap((o) => o.findings.map((f) => ({ ...f, id: fingerprint(f), outcome: o })));
  const readSubscriptions = new Set(
    snapshot.subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId.toLowerCase()),
  );
  const rec = compareWithHistory(
    findings.map(({ id, checkId, resourceId, principalId, subscriptionId, severity, title }) => ({
      id,
      checkId,
      resourceId,
      severity,
      title,
      ...(principalId ? { principalId } : {}),
      ...(subscriptionId ? { subscriptionId } : {}),
    })),
    previous,
    {
      cleanChecks: new Set(outcomes.filter((o) => !o.blind.everywhere).map((o) => o.metadata.id)),
      blind: new Map(outcomes.map((o) => [o.metadata.id, o.blind])),
      readSubscriptions,
      tenantWide: !run.request.subscriptions?.length && snapshot.subscriptions.errors.length === 0,
    },
    run.startedAt,
  );
  return { ...rec, findings };
}
