import { subscriptionOf } from '../azure/scopes.js';
import { bySubscriptionInTurn, forEachBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import { toDiagnosticSetting } from './normalize.js';
import type { Collected, ResourceDiagnostics, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/**
 * Diagnostic settings of each resource, over ARM (Resource Graph has no diagnostic settings). A
 * resource whose settings cannot be read is an error for that resource only.
 */
export async function readDiagnosticSettings(
  clients: AzureClients,
  resourceIds: readonly string[],
): Promise<Collected<ResourceDiagnostics>> {
  const items: ResourceDiagnostics[] = [];
  const errors: SourceError[] = [];
  // diagnosticSettings.list addresses the resource by its URI alone (/{+resourceUri}/providers/...):
  // the client's subscription is not part of the request, so one client (one pipeline, one token
  // cache) serves every resource instead of one per subscription.
  const monitor = clients.monitor(subscriptionOf(resourceIds[0] ?? '') ?? '');
  await forEachBounded(
    bySubscriptionInTurn(resourceIds, (id) => id),
    async (id) => {
      try {
        // The resource URI without its leading slash, as in the spec's examples (the 8.x client
        // expands it into /{+resourceUri}/providers/...).
        const settings = [];
        for await (const s of monitor.diagnosticSettings.list(id.replace(/^\/+/, ''))) {
          settings.push(toDiagnosticSetting({ name: s.name, properties: s }));
        }
        items.push({ resourceId: id, settings });
      } catch (e) {
        errors.push(toSourceError('diagnosticSettings', id, e));
      }
    },
  );
  return { items, errors };
}
