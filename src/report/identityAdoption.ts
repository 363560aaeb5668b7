import { managedIdentityType } from '../azure/managedIdentityTypes.js';
import type { IdentityInventory } from '../collect/snapshot.js';
import type { ManagedIdentityAdoption } from './reportModel.js';

/**
 * The tenant's managed-identity adoption for the report: of the resources of catalogue types the
 * check evaluates, how many have a managed identity, per type and per subscription. The counts come
 * from a `summarize` in Resource Graph (and the Batch pools read), not from rows held here.
 */
export function identityAdoption(inventory: IdentityInventory): ManagedIdentityAdoption {
  const byType = new Map<
    string,
    { type: string; service: string; resources: number; withIdentity: number }
  >();
  const bySubscription = new Map<
    string,
    { subscriptionId: string; resources: number; withIdentity: number }
  >();
  let resources = 0;
  let withIdentity = 0;
  for (const c of inventory.coverage) {
    const support = managedIdentityType(c.type);
    if (!support || support.purpose === 'notEvaluated') continue;
    resources += c.resources;
    withIdentity += c.withIdentity;
    const t = byType.get(support.type) ?? {
      type: support.type,
      service: support.service,
      resources: 0,
      withIdentity: 0,
    };
    t.resources += c.resources;
    t.withIdentity += c.withIdentity;
    byType.set(support.type, t);
    const s = bySubscription.get(c.subscriptionId) ?? {
      subscriptionId: c.subscriptionId,
      resources: 0,
      withIdentity: 0,
    };
    s.resources += c.resources;
    s.withIdentity += c.withIdentity;
    bySubscription.set(c.subscriptionId, s);
  }
  return {
    resources,
    withIdentity,
    complete: inventory.errors.length === 0,
    byType: [...byType.values()].sort((a, b) => b.resources - a.resources || a.type.localeCompare(b.type)),
    bySubscription: [...bySubscription.values()].sort((a, b) =>
      a.subscriptionId.localeCompare(b.subscriptionId),
    ),
  };
}
