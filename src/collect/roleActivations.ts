import type { RoleAssignmentScheduleInstance } from '@azure/arm-authorization';

import { allSettledBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import { pimNotLicensed } from './listRoleData.js';
import { mergeByScope } from './mergeByScope.js';
import type { Collected, RoleAssignment, RoleEligibility } from './snapshot.js';
import {
  managementGroupOf,
  managementGroupScope,
  normalizeId,
  roleGuidOf,
  subscriptionOf,
} from '../azure/scopes.js';

/**
 * A PIM activation: a role assignment that exists only because an eligible principal activated its
 * eligibility, until the activation ends. "After activation, an active assignment will be created
 * for the users/group members to indicate the activated status" (Microsoft Learn, Graph
 * `governanceRoleAssignment`); ARM lists it among the role assignments like any other, and says
 * what it is only in its role assignment schedule instance: `assignmentType` `Activated`, not
 * `Assigned`, with `originRoleAssignmentId` naming the role assignment
 * (Azure/azure-rest-api-specs, Microsoft.Authorization stable/2020-10-01,
 * RoleAssignmentScheduleInstances_ListForScope, examples/GetRoleAssignmentScheduleInstancesByScope.json).
 * `key` is that id, lower-cased, or, where an instance names none, the grant itself (principal,
 * role, scope): ARM keeps one assignment per principal, role and scope.
 */
export interface RoleActivation {
  id: string;
  key: string;
}

/** The key of a grant by principal, role and scope (see {@link RoleActivation}). */
function grantKey(principalId: string, roleDefinitionGuid: string, scope: string): string {
  return `${principalId.toLowerCase()}|${roleDefinitionGuid.toLowerCase()}|${normalizeId(scope)}`;
}

/** The activation an instance records, if it is one. */
function activationOf(i: RoleAssignmentScheduleInstance): RoleActivation | undefined {
  if (i.assignmentType !== 'Activated') return undefined;
  const key = i.originRoleAssignmentId
    ? normalizeId(i.originRoleAssignmentId)
    : i.principalId && i.roleDefinitionId && i.scope
      ? grantKey(i.principalId, roleGuidOf(i.roleDefinitionId), i.scope)
      : undefined;
  return key ? { id: i.id ?? key, key } : undefined;
}

/**
 * The PIM activations in effect where an eligibility is: only an eligible principal can activate
 * (Learn, "Activate Azure resource roles in PIM", of the activation request: "To call this API, you
 * must have an eligible role assignment on the scope"), so a tenant or a subscription with no
 * eligibility in effect is not asked at all. Each subscription holding one is listed whole (the list
 * without a filter holds the instances at, above and below it). An eligibility at a management
 * group is read through `subscriptionBelow`, a readable subscription below the group, whose whole
 * list holds the group's instances too (a run scoped to subscriptions may not read the group
 * itself); only a group with none below is listed itself, at and above it (`atScope()`). A list that
 * fails is an error of the role assignments at its scope: there, an activation cannot be told from
 * a standing grant, so the role checks are blind there rather than report (and, once it ends,
 * resolve) a grant that was never standing.
 */
export async function listRoleActivations(
  clients: AzureClients,
  eligibilities: readonly RoleEligibility[],
  clientSubscription: string | undefined,
  subscriptionBelow: (managementGroup: string) => string | undefined = () => undefined,
): Promise<Collected<RoleActivation>> {
  const subscriptions = new Set<string>();
  const groups = new Set<string>();
  for (const e of eligibilities) {
    const group = managementGroupOf(e.scope);
    const sub = subscriptionOf(e.scope) ?? (group ? subscriptionBelow(group)?.toLowerCase() : undefined);
    if (sub) subscriptions.add(sub);
    else if (group) groups.add(group);
  }
  const client = clients.authorization(clientSubscription ?? '00000000-0000-0000-0000-000000000000');
  const activations = async (list: AsyncIterable<RoleAssignmentScheduleInstance>) => {
    const out: RoleActivation[] = [];
    for await (const i of list) {
      const a = activationOf(i);
      if (a) out.push(a);
    }
    return out;
  };
  const subs = [...subscriptions];
  const mgs = [...groups];
  const [bySubscription, byGroup] = await Promise.all([
    allSettledBounded(subs, (s) =>
      activations(client.roleAssignmentScheduleInstances.listForScope(`/subscriptions/${s}`)),
    ),
    allSettledBounded(mgs, (g) =>
      activations(
        client.roleAssignmentScheduleInstances.listForScope(managementGroupScope(g), { filter: 'atScope()' }),
      ),
    ),
  ]);
  return mergeByScope('roleAssignments', subs, bySubscription, mgs, byGroup, pimNotLicensed);
}

/**
 * The role assignments that are standing grants: those the activations do not name. An activation
 * is its eligibility in use, and the role checks report the eligibility (in the snapshot's
 * `roleEligibilities`); counted as standing too, every activation would be reported as a standing
 * grant, alerted on as new, and resolved when it ends. The activations' read errors join the
 * assignments' own.
 */
export function standingAssignments(
  assignments: Collected<RoleAssignment>,
  activations: Collected<RoleActivation>,
): Collected<RoleAssignment> {
  const errors = assignments.errors.concat(activations.errors);
  if (activations.items.length === 0) return { items: assignments.items, errors };
  const activated = new Set(activations.items.map((a) => a.key));
  const items = assignments.items.filter(
    (a) =>
      !activated.has(normalizeId(a.id)) &&
      !activated.has(grantKey(a.principalId, a.roleDefinitionGuid, a.scope)),
  );
  return { items, errors };
}
