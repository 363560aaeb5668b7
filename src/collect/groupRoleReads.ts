import { scopeLevel, subscriptionOf } from '../azure/scopes.js';
import type { Collected, SourceError, SubscriptionInfo } from './snapshot.js';

/**
 * Which management groups' own role assignments (and PIM eligibilities) need a list of their own. A
 * subscription's role assignments are read at, above and below it (ARM's list for a subscription:
 * "Use $filter=atScope() to return all role assignments at or above the scope", so without it at,
 * above and below; Resource Graph's `authorizationScopeFilter` `AtScopeAboveAndBelow`), so a
 * group's grants come with every subscription below it. Only a group with no readable subscription below (an empty
 * branch of the hierarchy) needs its own `atScope()` list: a tenant read each, paced to ARM's tenant
 * bucket of 25 a second, which a hierarchy of thousands of groups would otherwise spend minutes on.
 * A group whose every subscription below could not be read is listed once those reads have failed,
 * so an outage of a subscription's list never hides the grants of the groups above it. The tenant
 * root group is always listed on its own, as before: its `atScope()` list is also where grants above
 * it (elevated access at `/`) may be returned, which a subscription's list is not documented to hold.
 */
export interface GroupRoleReads {
  /** Groups with no readable subscription below, in the order given: list them at once. */
  direct: string[];
  /** Groups with readable subscriptions below, all of whose reads failed, in the order given. */
  afterFailures(errors: readonly SourceError[]): string[];
  /**
   * `read` (the subscriptions' and direct groups' lists) with the lists of {@link afterFailures}
   * its errors name, read by `listGroups` and merged by id; `read` itself when there are none.
   */
  withGroupsAfterFailures<T extends { id: string }>(
    read: Collected<T>,
    listGroups: (groups: string[]) => Promise<Collected<T>>,
  ): Promise<Collected<T>>;
  /** A readable subscription below the group (lower-case id, the first in order), if any. */
  subscriptionBelow: (group: string) => string | undefined;
}

/** Two reads of role assignments (or eligibilities) as one, by id without duplicates, in order. */
export function mergeCollected<T extends { id: string }>(a: Collected<T>, b: Collected<T>): Collected<T> {
  const byId = new Map<string, T>();
  for (const x of a.items) byId.set(x.id.toLowerCase(), x);
  for (const x of b.items) byId.set(x.id.toLowerCase(), x);
  return { items: [...byId.values()], errors: a.errors.concat(b.errors) };
}

/**
 * {@link GroupRoleReads} for `groups`, given the readable subscriptions and their ancestors and the
 * tenant root group's name (the tenant id).
 */
export function planGroupRoleReads(
  groups: readonly string[],
  readable: readonly Pick<SubscriptionInfo, 'subscriptionId' | 'managementGroupAncestors'>[],
  rootGroup: string,
): GroupRoleReads {
  const root = rootGroup.toLowerCase();
  const coveredBy = new Map<string, string[]>();
  for (const s of readable)
    for (const g of s.managementGroupAncestors) {
      const key = g.toLowerCase();
      const list = coveredBy.get(key);
      if (list) list.push(s.subscriptionId.toLowerCase());
      else coveredBy.set(key, [s.subscriptionId.toLowerCase()]);
    }
  const plan: GroupRoleReads = {
    direct: groups.filter((g) => g.toLowerCase() === root || !coveredBy.has(g.toLowerCase())),
    subscriptionBelow: (group) => coveredBy.get(group.toLowerCase())?.[0],
    async withGroupsAfterFailures(read, listGroups) {
      const late = plan.afterFailures(read.errors);
      return late.length ? mergeCollected(read, await listGroups(late)) : read;
    },
    afterFailures(errors) {
      const failed = new Set<string>();
      for (const e of errors) {
        const sub = scopeLevel(e.scope) === 'subscription' ? subscriptionOf(e.scope) : undefined;
        if (sub) failed.add(sub);
      }
      if (failed.size === 0) return [];
      return groups.filter((g) => {
        if (g.toLowerCase() === root) return false;
        const below = coveredBy.get(g.toLowerCase());
        return below !== undefined && below.every((s) => failed.has(s));
      });
    },
  };
  return plan;
}
