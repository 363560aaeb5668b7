import { managedIdentityShape } from './managedIdentityShape.js';
import { normalizeId } from './scopes.js';

/**
 * The user-assigned identities something uses as its identity, by normalised id: those any resource
 * lists (Resource Graph, one reference per row, resources of every type) and those the given rows
 * list in their own `identity`. An identity outside this set is used, if at all, only through a
 * federated credential; so only such identities need their credentials listed (one ARM read each),
 * and only they can be called unused.
 */
export function attachedUserAssignedIdentities(
  referenced: Iterable<string>,
  rows: Iterable<{ identity?: unknown }>,
): Set<string> {
  const attached = new Set<string>();
  for (const id of referenced) attached.add(normalizeId(id));
  for (const row of rows)
    for (const id of managedIdentityShape(row.identity).userAssigned) attached.add(normalizeId(id));
  return attached;
}
