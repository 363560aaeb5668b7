import type { CheckFinding, CheckMetadata } from '../../checks/types.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import type { ReportFinding } from '../../report/reportModel.js';
import type { CheckOutcome } from '../evaluateChecks.js';
import { reconcile as compareWithHistory, type Reconciliation } from '../reconcile.js';
import { withholdUnobserved } from '../withholdUnobserved.js';
import type { RunContext } from '../runContext.js';

/**
 * This run's findings against history: their states, what resolved, and the history to keep.
 * `findings` are the report's own finding objects (the report stage adds who and where to them in
 * place and sorts them): a finding exists once past its check, not once per stage.
 */
export interface Reconciled extends Reconciliation {
  findings: ReportFinding[];
}

/** What a run that read nothing reconciles: nothing found, nothing resolved, history untouched. */
export const NOTHING_RECONCILED: Reconciled = {
  findings: [],
  states: new Map(),
  resolved: [],
  history: [],
  changed: [],
};

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
  const open = new Set<string>();
  for (const h of previous) if (h.status === 'open') open.add(h.id);
  const lastSeen = run.startedAt.toISOString();
  const findings: ReportFinding[] = [];
  for (const o of outcomes) {
    const ids = withholdUnobserved(o, open);
    o.findings.forEach((f, i) => findings.push(reportFinding(f, ids[i]!, o.metadata, lastSeen)));
    o.reported = o.findings.length;
    o.findings = [];
  }
  open.clear();
  const readSubscriptions = new Set(
    snapshot.subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId.toLowerCase()),
  );
  const rec = compareWithHistory(
    findings,
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
  for (const f of findings) {
    const state = rec.states.get(f.id)!;
    f.firstSeen = state.firstSeen;
    f.state = state.state;
  }
  return { ...rec, findings };
}

/**
 * A check's finding as the report carries it (docs/contract.md: the keys in this order), with the
 * check's remediation where the finding has none of its own. Built property by property in one
 * order so that every finding shares a few hidden classes: an object made by spreading gets a map
 * of its own, about 1 KB more per finding. `firstSeen` and `state` are filled once history is read.
 */
function reportFinding(f: CheckFinding, id: string, check: CheckMetadata, lastSeen: string): ReportFinding {
  const r = {
    id,
    checkId: f.checkId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    resourceId: f.resourceId,
  } as ReportFinding;
  if (f.subscriptionId) r.subscriptionId = f.subscriptionId;
  if (f.principalId) r.principalId = f.principalId;
  r.evidence = f.evidence;
  r.remediation = f.remediation ?? check.remediation;
  r.references = check.references;
  r.firstSeen = lastSeen;
  r.lastSeen = lastSeen;
  r.state = 'new';
  return r;
}
