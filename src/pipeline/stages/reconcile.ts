import type { CheckFinding } from '../../checks/types.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import type { CheckOutcome } from '../evaluateChecks.js';
import { reconcile as compareWithHistory, type Reconciliation } from '../reconcile.js';
import { withholdUnobserved } from '../withholdUnobserved.js';
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
 * tenant-wide. Nor does an outage create one: a finding that lies where a source its check needs
 * was unread, and that is not already open, is withheld (its check is `error` and says how many),
 * since the part that went unread may be what clears it (an unread managed resource group, an
 * identity's attachment in an unread subscription).
 */
export async function reconcile(
  run: RunContext,
  snapshot: AuditSnapshot,
  outcomes: readonly CheckOutcome[],
): Promise<Reconciled> {
  run.progress('reconcile');
  const previous = await run.deps.stores.history.load();
  const open = new Set(previous.filter((h) => h.status === 'open').map((h) => h.id));
  const findings: IdentifiedFinding[] = [];
  for (const o of outcomes) {
    const kept = withholdUnobserved(o, open);
    for (const f of kept) findings.push({ ...f, outcome: o });
  }
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
      tenantWide:
        !run.request.subscriptions?.length &&
        snapshot.subscriptions.errors.length === 0 &&
        snapshot.managementGroups.errors.length === 0,
    },
    run.startedAt,
  );
  return { ...rec, findings };
}
