import type { AzureClients } from './azureClients.js';
import { toDirectoryPrincipal } from './normalize.js';
import type { Directory, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** getByIds takes at most 1000 ids a call. */
const BATCH = 1000;

/**
 * Looks every principal id up in the directory, in batches. Ids Graph does not return no longer
 * exist; ids of a batch that failed are left out of `lookedUp`, so nothing is called orphaned
 * because Graph was down.
 */
export async function lookupPrincipals(clients: AzureClients, ids: Iterable<string>): Promise<Directory> {
  const unique = [...new Set([...ids].map((i) => i.toLowerCase()).filter((i) => /^[0-9a-f-]{36}$/.test(i)))];
  const principals: Directory['principals'] = {};
  const lookedUp: string[] = [];
  const errors: SourceError[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    try {
      for (const object of await clients.getDirectoryObjects(batch)) {
        const p = toDirectoryPrincipal(object);
        principals[p.id] = p;
      }
      for (const id of batch) lookedUp.push(id);
    } catch (e) {
      errors.push(toSourceError('directory', 'tenant', e));
    }
  }
  return { principals, lookedUp, errors };
}
