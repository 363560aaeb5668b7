import { allSettledBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import { mergeByScope } from './mergeByScope.js';
import type { Collected, PolicyAssignmentIdentity } from './snapshot.js';

/** What the policy client gives of an assignment (@azure/arm-policy 7.x, api-version 2025-03-01). */
interface AssignmentShape {
  id?: string;
  identity?: { type?: string; userAssignedIdentities?: Record<string, unknown> };
}

/**
 * The user-assigned identities Azure Policy runs as: a policy assignment may hold one managed
 * identity, system-assigned or "a single user assigned identity" (Azure/azure-rest-api-specs,
 * Microsoft.Authorization policy 2025-03-01, `Identity`; example
 * createPolicyAssignmentWithUserAssignedIdentity.json), which deployIfNotExists and modify
 * remediations use. Policy assignments are not rows of Resource Graph's `resources` table (they are
 * in `policyresources`; Learn, supported-tables-resources), so an identity kept only for a policy's
 * remediation, often at a management group, would otherwise look attached to nothing.
 *
 * Read over ARM, as the role lists are: each subscription's list without a filter ("all policy
 * assignments associated with the subscription, including those that apply directly or from
 * management groups that contain the given subscription, as well as any applied to objects
 * contained within the subscription", PolicyAssignments_List), and for each management group given
 * (those no subscription's list reaches, groupRoleReads.ts) its `atScope()` list ("assigned to the
 * management group or the management group's ancestors", PolicyAssignments_ListForManagementGroup).
 * Only assignments with a user-assigned identity are kept, once each. A failed list is an error at
 * its scope.
 */
export async function listPolicyAssignmentIdentities(
  clients: AzureClients,
  subscriptions: readonly string[],
  managementGroups: readonly string[],
): Promise<Collected<PolicyAssignmentIdentity>> {
  const kept = async (list: AsyncIterable<AssignmentShape>) => {
    const out: PolicyAssignmentIdentity[] = [];
    for await (const a of list) {
      const identityIds = Object.keys(a.identity?.userAssignedIdentities ?? {}).map((id) => id.toLowerCase());
      if (a.id && identityIds.length) out.push({ id: a.id, identityIds });
    }
    return out;
  };
  const client = clients.policy(subscriptions[0] ?? '00000000-0000-0000-0000-000000000000');
  const [bySubscription, byGroup] = await Promise.all([
    allSettledBounded(subscriptions, (sub) => kept(clients.policy(sub).policyAssignments.list())),
    allSettledBounded(managementGroups, (mg) =>
      kept(client.policyAssignments.listForManagementGroup(mg, { filter: 'atScope()' })),
    ),
  ]);
  return mergeByScope('policyAssignments', subscriptions, bySubscription, managementGroups, byGroup);
}
