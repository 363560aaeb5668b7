import type { AzureClients } from './azureClients.js';
import { LOCAL_AUTH_QUERY } from './queries.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY, queryResourceGraph } from './queryResourceGraph.js';
import type { Collected, ResourceRow, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** The resources local-auth-enabled reads, with their local-auth settings, from Resource Graph. */
export async function listLocalAuthResources(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Collected<ResourceRow>> {
  const items: ResourceRow[] = [];
  const errors: SourceError[] = [];
  for (let i = 0; i < subscriptions.length; i += MAX_SUBSCRIPTIONS_PER_QUERY) {
    const batch = subscriptions.slice(i, i + MAX_SUBSCRIPTIONS_PER_QUERY);
    try {
      const rows = await queryResourceGraph<ResourceRow>(
        clients.resourceGraph,
        LOCAL_AUTH_QUERY,
        { subscriptions: batch },
        clients.pacer,
      );
      for (const row of rows) items.push(row);
    } catch (e) {
      for (const s of batch) errors.push(toSourceError('localAuth', `/subscriptions/${s}`, e));
    }
  }
  return { items, errors };
}
