import type { AzureClients } from './azureClients.js';
import { RESOURCES_QUERY } from './queries.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY, queryResourceGraph } from './queryResourceGraph.js';
import type { Collected, ResourceRow, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** The resources the checks read, from Resource Graph, for the readable subscriptions. */
export async function listResources(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Collected<ResourceRow>> {
  const items: ResourceRow[] = [];
  const errors: SourceError[] = [];
  for (let i = 0; i < subscriptions.length; i += MAX_SUBSCRIPTIONS_PER_QUERY) {
    const batch = subscriptions.slice(i, i + MAX_SUBSCRIPTIONS_PER_QUERY);
    try {
      items.push(
        ...(await queryResourceGraph<ResourceRow>(
          clients.resourceGraph,
          RESOURCES_QUERY,
          { subscriptions: batch },
          clients.pacer,
        )),
      );
    } catch (e) {
      errors.push(...batch.map((s) => toSourceError('resourceGraph', `/subscriptions/${s}`, e)));
    }
  }
  return { items, errors };
}
