import type { AzureClients } from './azureClients.js';
import { toDiagnosticSetting } from './normalize.js';
import type { Collected, ResourceDiagnostics, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

const CONCURRENCY = 8;

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
  let next = 0;
  const worker = async () => {
    while (next < resourceIds.length) {
      const id = resourceIds[next++]!;
      const sub = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
      try {
        // The resource URI without its leading slash, as in the spec's examples (the 8.x client
        // expands it into /{+resourceUri}/providers/...).
        const settings = [];
        for await (const s of clients.monitor(sub).diagnosticSettings.list(id.replace(/^\/+/, ''))) {
          settings.push(toDiagnosticSetting({ name: s.name, properties: s }));
        }
        items.push({ resourceId: id, settings });
      } catch (e) {
        errors.push(toSourceError('diagnosticSettings', id, e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, resourceIds.length) }, worker));
  return { items, errors };
}
