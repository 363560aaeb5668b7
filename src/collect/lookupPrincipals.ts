import { allSettledBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import { toDirectoryPrincipal } from './normalize.js';
import type { Directory, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** getByIds takes at most 1000 ids a call. */
const BATCH = 1000;

/**
 * getByIds calls at once: a tenant where 200,000 principals hold roles needs 200 of them, which one
 * after another at a second or so each would hold the audit for minutes. Four stay far inside
 * Microsoft Graph's limits for the identity service (thousands of resource units per 10 s per app and
 * tenant, https://learn.microsoft.com/graph/throttling-limits).
 */
const LOOKUPS_IN_FLIGHT = 4;

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
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH) batches.push(unique.slice(i, i + BATCH));
  const outcomes = await allSettledBounded(
    batches,
    (batch) => clients.getDirectoryObjects(batch),
    LOOKUPS_IN_FLIGHT,
  );
  // In the batches' order, whichever answered first.
  outcomes.forEach((outcome, n) => {
    if (outcome.status === 'rejected') {
      errors.push(toSourceError('directory', 'tenant', outcome.reason));
      return;
    }
    for (const object of outcome.value) {
      const p = toDirectoryPrincipal(object);
      principals[p.id] = p;
    }
    for (const id of batches[n]!) lookedUp.push(id);
  });
  return { principals, lookedUp, errors };
}
