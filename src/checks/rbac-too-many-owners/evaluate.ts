import type { AuditSnapshot } from '../../collect/snapshot.js';
import { principalLabel } from '../lib/principalKind.js';
import { roleCatalog, roleDataErrors } from '../lib/roleCatalog.js';
import { managementGroupOf, normalizeId, scopeLevel } from '../../azure/scopes.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/** Whether a grant at `scope` reaches the whole subscription: itself, an ancestor group, or root. */
function reachesSubscription(scope: string, subscriptionId: string, ancestors: ReadonlySet<string>): boolean {
  const level = scopeLevel(scope);
  if (level === 'root') return true;
  if (level === 'subscription') return normalizeId(scope) === `/subscriptions/${subscriptionId}`;
  if (level === 'managementGroup') return ancestors.has((managementGroupOf(scope) ?? '').toLowerCase());
  return false;
}

export function evaluate(snapshot: AuditSnapshot, context: CheckContext): CheckResult {
  const roles = roleCatalog(snapshot);
  const owners = snapshot.roleAssignments.items.filter(
    (a) => roles.privilege(a.roleDefinitionGuid) === 'owner',
  );
  const eligibleOwners = snapshot.roleEligibilities.items.filter(
    (e) => roles.privilege(e.roleDefinitionGuid) === 'owner',
  );
  const findings: CheckFinding[] = [];
  const subscriptions = snapshot.subscriptions.items.filter((s) => s.read);
  for (const sub of subscriptions) {
    const id = sub.subscriptionId.toLowerCase();
    const ancestors = new Set(sub.managementGroupAncestors.map((m) => m.toLowerCase()));
    const byPrincipal = new Map<string, string[]>();
    for (const a of owners) {
      if (!reachesSubscription(a.scope, id, ancestors)) continue;
      const key = a.principalId.toLowerCase();
      byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), a.scope]);
    }
    if (byPrincipal.size <= context.maxOwners) continue;
    const eligible = eligibleOwners
      .filter((e) => reachesSubscription(e.scope, id, ancestors))
      .map((e) => e.principalId.toLowerCase());
    findings.push({
      checkId: metadata.id,
      severity: 'medium',
      title: metadata.title,
      message: `Subscription '${sub.displayName}' (${id}) has ${byPrincipal.size} principals with Owner, direct or inherited; at most ${context.maxOwners} are allowed.`,
      resourceId: `/subscriptions/${id}`,
      subscriptionId: id,
      evidence: {
        owners: [...byPrincipal].map(([principalId, scopes]) => ({
          principalId,
          name: principalLabel(snapshot.directory, principalId),
          inherited: scopes.every((s) => normalizeId(s) !== `/subscriptions/${id}`),
          scopes,
        })),
        eligibleOwners: [...new Set(eligible)],
        limit: context.maxOwners,
      },
    });
  }
  return {
    findings,
    evaluated: subscriptions.length,
    errors: roleDataErrors(snapshot, roles, { subscriptions: true }),
  };
}
