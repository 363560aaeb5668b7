import { planGroupRoleReads } from './groupRoleReads.js';
import type { SubscriptionList } from './listSubscriptions.js';
import type { SubscriptionInfo } from './snapshot.js';

/** The readable scopes a run was not asked to audit, whose lists no read of the audit covers. */
export interface OutsideScope {
  subscriptions: readonly string[];
  managementGroups: readonly string[];
}

/**
 * The readable subscriptions a scoped run leaves out (not asked for, or under no audited management
 * group) and the management groups whose policy assignments no read of the run reaches: where an
 * identity of the audited scope may still be used (identityUseOutsideScope.ts), or its vaults'
 * logs kept (workspacesOutsideScope.ts). `rootGroup` is the tenant root group's name. Empty for an
 * unscoped run: every readable subscription is audited and every group's list read.
 */
export function outsideScope(
  all: SubscriptionList,
  audited: readonly SubscriptionInfo[],
  allGroupNames: readonly string[],
  groupsRead: readonly string[],
  rootGroup: string,
): OutsideScope {
  const auditedIds = new Set(audited.map((s) => s.subscriptionId));
  const subscriptions = all.items
    .concat(all.notAskedFor)
    .filter((s) => s.read && !auditedIds.has(s.subscriptionId));
  const read = new Set(groupsRead.map((g) => g.toLowerCase()));
  const everyReadable = audited.filter((s) => s.read).concat(subscriptions);
  const managementGroups = planGroupRoleReads(allGroupNames, everyReadable, rootGroup).direct.filter(
    (g) => !read.has(g.toLowerCase()),
  );
  return { subscriptions: subscriptions.map((s) => s.subscriptionId), managementGroups };
}

/** Whether anything readable lies outside the audited scope (false for an unscoped run). */
export function isScoped(outside: OutsideScope): boolean {
  return outside.subscriptions.length > 0 || outside.managementGroups.length > 0;
}
