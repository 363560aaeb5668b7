import { normalizeId } from '../../azure/scopes.js';
import type { AuditSnapshot, SubscriptionInfo } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { roleDataErrors } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/**
 * The scopes whose grants reach the whole subscription, normalised: the tenant root, each
 * management group above it, and the subscription itself.
 */
function scopesReaching(sub: SubscriptionInfo): string[] {
  return [
    '/',
    ...sub.managementGroupAncestors.map((m) =>
      normalizeId(`/providers/Microsoft.Management/managementGroups/${m}`),
    ),
    `/subscriptions/${sub.subscriptionId}`,
  ];
}

/**
 * Grants whose role is Owner-level, by normalised scope, each with its place in the snapshot so that
 * evidence keeps Azure's order. One pass over the grants: a subscription then looks up only the
 * few scopes above it, never every assignment.
 */
function ownerGrantsByScope<T extends { scope: string; roleDefinitionGuid: string }>(
  grants: readonly T[],
  view: SnapshotView,
): Map<string, { grant: T; order: number }[]> {
  const byScope = new Map<string, { grant: T; order: number }[]>();
  grants.forEach((grant, order) => {
    if (view.roles.privilege(grant.roleDefinitionGuid) !== 'owner') return;
    const key = normalizeId(grant.scope);
    const list = byScope.get(key);
    if (list) list.push({ grant, order });
    else byScope.set(key, [{ grant, order }]);
  });
  return byScope;
}

export function evaluate(
  snapshot: AuditSnapshot,
  context: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const owners = ownerGrantsByScope(snapshot.roleAssignments.items, view);
  const eligibleOwners = ownerGrantsByScope(snapshot.roleEligibilities.items, view);
  const findings: CheckFinding[] = [];
  const subscriptions = view.readSubscriptions;
  for (const sub of subscriptions) {
    const id = sub.subscriptionId;
    const own = `/subscriptions/${id}`;
    const scopes = scopesReaching(sub);
    const reaching = scopes.flatMap((s) => owners.get(s) ?? []).sort((a, b) => a.order - b.order);
    const byPrincipal = new Map<string, string[]>();
    for (const { grant } of reaching) {
      const list = byPrincipal.get(grant.principalId);
      if (list) list.push(grant.scope);
      else byPrincipal.set(grant.principalId, [grant.scope]);
    }
    if (byPrincipal.size <= context.maxOwners) continue;
    const eligible = scopes
      .flatMap((s) => eligibleOwners.get(s) ?? [])
      .sort((a, b) => a.order - b.order)
      .map((e) => e.grant.principalId);
    findings.push(
      finding(metadata, {
        message: `Subscription '${sub.displayName}' (${id}) has ${byPrincipal.size} principals with Owner, direct or inherited; at most ${context.maxOwners} are allowed.`,
        resourceId: own,
        subscriptionId: id,
        evidence: {
          owners: [...byPrincipal].map(([principalId, ownerScopes]) => ({
            principalId,
            name: view.principalLabel(principalId),
            inherited: ownerScopes.every((s) => normalizeId(s) !== own),
            scopes: ownerScopes,
          })),
          eligibleOwners: [...new Set(eligible)],
          limit: context.maxOwners,
        },
      }),
    );
  }
  return {
    findings,
    evaluated: subscriptions.length,
    errors: roleDataErrors(snapshot, view.roles, { subscriptions: true }),
  };
}
