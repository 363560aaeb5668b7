import type { AzureClients } from './azureClients.js';
import { LOCAL_AUTH_QUERY } from './queries.js';
import { queryResourceGraph, subscriptionBatches } from './queryResourceGraph.js';
import type { Collected, ResourceRow, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/**
 * The resources local-auth-enabled reads, with their local-auth settings, from Resource Graph. Past
 * 1,000 subscriptions the batches are asked at once under the shared pacer, and their rows and
 * errors kept in the batches' order.
 */
export async function listLocalAuthResources(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Collected<ResourceRow>> {
  const read = await Promise.all(
    subscriptionBatches(subscriptions).map((batch) =>
      queryResourceGraph<ResourceRow>(
        clients.resourceGraph,
        LOCAL_AUTH_QUERY,
        { subscriptions: batch },
        clients.pacer,
      ).then(
        (rows) => ({ rows, errors: [] }),
        (e: unknown) => ({
          rows: [],
          errors: batch.map((s) => toSourceError('localAuth', `/subscriptions/${s}`, e)),
        }),
      ),
    ),
  );
  const items: ResourceRow[] = [];
  const errors: SourceError[] = [];
  for (const batch of read) {
    for (const row of batch.rows) items.push(row);
    for (const error of batch.errors) errors.push(error);
  }
  return { items, errors };
}
