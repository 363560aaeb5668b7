import { managedIdentityShape } from './managedIdentityShape.js';
import { normalizeId } from './scopes.js';

/** Resource Graph's (lower-case) type of user-assigned identities. */
export const USER_ASSIGNED_IDENTITY_TYPE = 'microsoft.managedidentity/userassignedidentities';

/**
 * The user-assigned identities something uses as its identity, by normalised id: those any resource
 * lists (Resource Graph, one reference per row, resources of every type), those the given rows
 * list in their own `identity`, and those policy assignments run as (ARM's policy assignment lists).
 * An identity outside this set is used, if at all, only through a federated credential; so only
 * such identities need their credentials listed (one ARM read each), and only they can be called
 * unused.
 */
export function attachedUserAssignedIdentities(
  referenced: Iterable<string>,
  rows: Iterable<{ identity?: unknown }>,
  policyAssignments: Iterable<{ identityIds: readonly string[] }>,
): Set<string> {
  const attached = new Set<string>();
  for (const id of referenced) attached.add(normalizeId(id));
  for (const a of policyAssignments) for (const id of a.identityIds) attached.add(normalizeId(id));
  for (const row of rows)
    for (const id of managedIdentityShape(row.identity).userAssigned) attached.add(normalizeId(id));
  return attached;
}
