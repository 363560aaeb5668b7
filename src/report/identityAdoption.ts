import { managedIdentityType } from '../azure/managedIdentityTypes.js';
import type { IdentityInventory } from '../collect/snapshot.js';
import type { ManagedIdentityAdoption } from './reportModel.js';

/**
 * The tenant's managed-identity adoption for the report: of the resources of catalogue types the
 * check evaluates, how many have a managed identity, per type and per subscription. The counts come
 * from `summarize` queries in Resource Graph (and the Batch pools read), not from rows held here.
 */
export function identityAdoption(inventory: IdentityInventory): ManagedIdentityAdoption {
  const byType = inventory.coverageByType
    .flatMap((c) => {
      const support = managedIdentityType(c.type);
      return support && support.purpose !== 'notEvaluated'
        ? [
            {
              type: support.type,
              service: support.service,
              resources: c.resources,
              withIdentity: c.withIdentity,
            },
          ]
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
        resources: s.resources,
        withIdentity: s.withIdentity,
      }))
      .sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
  };
}
