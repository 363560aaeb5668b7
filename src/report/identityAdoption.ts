import { managedIdentityType } from '../azure/managedIdentityTypes.js';
import { exclusionOf, judgedWithoutIdentity } from '../checks/mi-resource-without-identity/exclusions.js';
import type { IdentityInventory, ResourceRow } from '../collect/snapshot.js';
import type { ManagedIdentityAdoption } from './reportModel.js';

/**
 * The tenant's managed-identity adoption for the report: of the resources of catalogue types the
 * check evaluates, how many have a managed identity, per type and per subscription. The counts come
 * from `summarize` queries in Resource Graph (and the Batch pools read), not from rows held here;
 * `rows` (the resource rows read, which hold every catalogue resource without an identity) take out
 * the resources mi-resource-without-identity leaves out because they cannot or need not have one
 * (an AKS node scale set in its managed group, a free-tier AI Search, Functions on Container Apps):
 * counted, they made adoption look lower than it is, by resources nobody can give an identity.
 */
export function identityAdoption(
  inventory: IdentityInventory,
  rows: readonly ResourceRow[],
): ManagedIdentityAdoption {
  const { byType: leftOutByType, bySubscription: leftOutBySubscription } = leftOut(inventory, rows);
  const byType = inventory.coverageByType
    .flatMap((c) => {
      const support = managedIdentityType(c.type);
      if (!support || support.purpose === 'notEvaluated') return [];
      // Never below those with an identity: the counts and the rows come from different queries,
      // and a resource created between them must not make adoption pass 100%.
      const resources = Math.max(c.withIdentity, c.resources - (leftOutByType.get(support.type) ?? 0));
      return resources > 0
        ? [{ type: support.type, service: support.service, resources, withIdentity: c.withIdentity }]
        : [];
    })
    .sort((a, b) => b.resources - a.resources || a.type.localeCompare(b.type));
  return {
    resources: byType.reduce((n, t) => n + t.resources, 0),
    withIdentity: byType.reduce((n, t) => n + t.withIdentity, 0),
    complete: inventory.errors.length === 0,
    byType,
    bySubscription: inventory.coverageBySubscription
      .map((s) => ({
        subscriptionId: s.subscriptionId,
        resources: Math.max(
          s.withIdentity,
          s.resources - (leftOutBySubscription.get(s.subscriptionId.toLowerCase()) ?? 0),
        ),
        withIdentity: s.withIdentity,
      }))
      .filter((s) => s.resources > 0)
      .sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
  };
}

/** Resources without an identity that the check leaves out, counted by catalogue type and subscription. */
function leftOut(inventory: IdentityInventory, rows: readonly ResourceRow[]) {
  const managedGroups = new Map(inventory.managedResourceGroups.map((g) => [g.id, g.managedBy]));
  const byType = new Map<string, number>();
  const bySubscription = new Map<string, number>();
  for (const r of rows) {
    const support = judgedWithoutIdentity(r)?.support;
    if (!support || !exclusionOf(support, r, managedGroups)) continue;
    byType.set(support.type, (byType.get(support.type) ?? 0) + 1);
    const sub = r.subscriptionId.toLowerCase();
    bySubscription.set(sub, (bySubscription.get(sub) ?? 0) + 1);
  }
  return { byType, bySubscription };
}
