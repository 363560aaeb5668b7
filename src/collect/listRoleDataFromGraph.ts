import type { AzureClients } from './azureClients.js';
import { toRoleAssignment, toRoleDefinition } from './normalize.js';
import { ROLE_ASSIGNMENTS_QUERY, ROLE_DEFINITIONS_QUERY } from './queries.js';
import { eachResourceGraphPage, queryResourceGraph, subscriptionBatches } from './queryResourceGraph.js';
import type { Collected, RoleAssignment, RoleDefinition, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

type Row = { id: string; name: string; properties: Record<string, unknown> };

/**
 * Role assignments from Resource Graph's `authorizationresources`: at, above and below the
 * subscriptions, a thousand subscriptions a query, paged. This is how a tenant with thousands of
 * subscriptions is read within Resource Graph's quota instead of thousands of ARM list calls. The
 * batches page at once: each is a chain whose next page waits for the last one's answer, and the
 * shared pacer keeps them together within the one quota.
 */
export async function listRoleAssignmentsFromGraph(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Collected<RoleAssignment>> {
  const read = await Promise.all(
    subscriptionBatches(subscriptions).map(async (batch) => {
      // Each page is normalised as it arrives (the raw rows carry every property of the
      // assignment); a batch counts only once all its pages are read.
      const batchRead = new Map<string, RoleAssignment>();
      try {
        await eachResourceGraphPage<Row>(
          clients.resourceGraph,
          ROLE_ASSIGNMENTS_QUERY,
          { subscriptions: batch, authorizationScopeFilter: 'AtScopeAboveAndBelow' },
          clients.pacer,
          (rows) => {
            for (const r of rows) batchRead.set(r.id.toLowerCase(), toRoleAssignment(r));
          },
        );
        return batchRead;
      } catch (e) {
        return batch.map((s) => toSourceError('roleAssignments', `/subscriptions/${s}`, e));
      }
    }),
  );
  // Merged in the batches' order, whichever finished first: the same tenant reads the same.
  const byId = new Map<string, RoleAssignment>();
  const errors: SourceError[] = [];
  for (const batchRead of read)
    if (batchRead instanceof Map) for (const [id, a] of batchRead) byId.set(id, a);
    else for (const error of batchRead) errors.push(error);
  return { items: [...byId.values()], errors };
}

/**
 * Role definitions, built-in and custom, from Resource Graph, once per role. Asked at tenant scope:
 * definitions belong to no single subscription.
 */
export async function listRoleDefinitionsFromGraph(
  clients: AzureClients,
): Promise<Collected<RoleDefinition>> {
  try {
    const rows = await queryResourceGraph<Row>(
      clients.resourceGraph,
      ROLE_DEFINITIONS_QUERY,
      {},
      clients.pacer,
    );
    const byGuid = new Map<string, RoleDefinition>();
    for (const r of rows) {
      const role = toRoleDefinition(r);
      if (!byGuid.has(role.guid)) byGuid.set(role.guid, role);
    }
    return { items: [...byGuid.values()], errors: [] };
  } catch (e) {
    return { items: [], errors: [toSourceError('roleDefinitions', 'tenant', e)] };
  }
}
