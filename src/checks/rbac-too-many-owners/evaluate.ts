import { isBroadScope, normalizeId } from '../../azure/scopes.js';
import type { AuditSnapshot, SubscriptionInfo } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { isForeignGroup } from '../lib/principalKind.js';
import { unknownRoleErrors } from '../lib/roleCatalog.js';
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
function ownerGrantsByScope<T extends { scope: string; roleDefinitionGuid: string; principalType: string }>(
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

/** CIS 5.0 5.27 (6.0 5.7): between 2 and 3 owners; Azure Policy 09024ccc: "more than one owner". */
const MIN_OWNERS = 2;

/** The discriminator that keeps the two-owner minimum a finding of its own beside "too many". */
export const FEWER_THAN_TWO_OWNERS = 'fewer-than-two-owners';

/**
 * A subscription whose one owner is a group: the group's members share the role, and the audit
 * does not count them, so "one account" cannot be claimed (a group of several people is what CIS
 * asks for, not a single point of failure).
 */
export const SINGLE_OWNER_IS_GROUP =
  'a subscription whose one owner is a group: its members share the role and were not counted, so whether it depends on one account is not known';

/** Whether a grant's principal is a group, of this tenant or another: ARM's principal type says so. */
function isGroup(grant: { principalType: string }): boolean {
  const type = grant.principalType.toLowerCase();
  return type === 'group' || isForeignGroup(type);
}

/**
 * A subscription whose only owner (active or PIM-eligible) is one principal depends on one account:
 * if it leaves or is locked out, nobody can manage access. Reported apart from "too many" (its own
 * discriminator), low severity. Eligible owners count here, since they can take the role when needed.
 * A subscription with no owner at all is not reported: standing owners are what
 * rbac-privileged-role-broad-scope flags, and access is then managed above the subscription.
 */
function tooFewOwners(sub: SubscriptionInfo, owners: string[], view: SnapshotView): CheckFinding {
  return finding(metadata, {
    severity: 'low',
    message: `Subscription '${sub.displayName}' (${sub.subscriptionId}) has a single principal with Owner (active or eligible, direct or inherited); CIS asks for at least two so that access can still be managed when one is unavailable.`,
    resourceId: `/subscriptions/${sub.subscriptionId}`,
    subscriptionId: sub.subscriptionId,
    discriminator: FEWER_THAN_TWO_OWNERS,
    evidence: {
      owners: owners.map((principalId) => ({ principalId, name: view.principalLabel(principalId) })),
      minimum: MIN_OWNERS,
      azurePolicy: {
        id: '09024ccc-0c5f-475e-9457-b7c0d9ed487b',
        displayName: 'There should be more than one owner assigned to your subscription',
      },
    },
  });
}

export function evaluate(
  snapshot: AuditSnapshot,
  context: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const owners = ownerGrantsByScope(snapshot.roleAssignments.items, view);
  const eligibleOwners = ownerGrantsByScope(snapshot.roleEligibilities.items, view);
  const findings: CheckFinding[] = [];
  let ownedByOneGroup = 0;
  const subscriptions = view.readSubscriptions;
  // Where some owner grants could not be read, more owners may exist than were seen: "too few" cannot
  // be claimed there (an outage never creates a finding), while "too many" stays true.
  const unreadRoleData = [...snapshot.roleAssignments.errors, ...snapshot.roleEligibilities.errors];
  const partlyUnread = (sub: SubscriptionInfo) =>
    unreadRoleData.some((e) => {
      const scope = normalizeId(e.scope);
      return (
        !scope.startsWith('/subscriptions/') ||
        scope.startsWith(`/subscriptions/${sub.subscriptionId.toLowerCase()}`)
      );
    });
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
    const eligibleGrants = scopes
      .flatMap((s) => eligibleOwners.get(s) ?? [])
      .sort((a, b) => a.order - b.order);
    const eligible = eligibleGrants.map((e) => e.grant.principalId);
    const anyOwner = new Set([...byPrincipal.keys(), ...eligible]);
    if (anyOwner.size > 0 && anyOwner.size < MIN_OWNERS && !partlyUnread(sub)) {
      const groupOwned = [...reaching, ...eligibleGrants].some(({ grant }) => isGroup(grant));
      if (groupOwned) ownedByOneGroup++;
      else findings.push(tooFewOwners(sub, [...anyOwner], view));
      continue;
    }
    if (byPrincipal.size <= context.maxOwners) continue;
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
    evaluated: subscriptions.length - ownedByOneGroup,
    ...(ownedByOneGroup ? { notEvaluated: [{ reason: SINGLE_OWNER_IS_GROUP, count: ownedByOneGroup }] } : {}),
    errors: unknownRoleErrors(view.roles, [
      snapshot.roleAssignments.items.filter((a) => isBroadScope(a.scope)),
      snapshot.roleEligibilities.items.filter((e) => isBroadScope(e.scope)),
    ]),
  };
}
