import {
  attachedUserAssignedIdentities,
  USER_ASSIGNED_IDENTITY_TYPE,
} from '../azure/attachedUserAssignedIdentities.js';
import { normalizeId } from '../azure/scopes.js';
import { bySubscriptionInTurn, forEachBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import type {
  Collected,
  FederatedCredential,
  PolicyAssignmentIdentity,
  ResourceRow,
  SourceError,
} from './snapshot.js';
import { toSourceError } from './sourceError.js';

/**
 * Federated identity credentials of each user-assigned identity, over ARM
 * (`GET {identityId}/federatedIdentityCredentials`). They are not rows of Resource Graph's
 * `resources` table (learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources;
 * test/conformance/corpus/msi/federated-identity-credentials-list.jsonc), so an identity used only
 * through federation (GitHub OIDC, AKS workload identity) can only be told from unused this way.
 * An identity whose list fails is an error for that identity only.
 */
export async function listFederatedCredentials(
  clients: AzureClients,
  identityIds: readonly string[],
): Promise<Collected<FederatedCredential>> {
  const items: FederatedCredential[] = [];
  const errors: SourceError[] = [];
  await forEachBounded(
    bySubscriptionInTurn(identityIds, (id) => id),
    async (id) => {
      const m =
        /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(
          id,
        );
      if (!m) return;
      try {
        for await (const c of clients.msi(m[1]!).federatedIdentityCredentials.list(m[2]!, m[3]!)) {
          items.push({
            id: c.id ?? `${id}/federatedIdentityCredentials/${c.name ?? ''}`,
            identityId: id,
            name: c.name ?? '',
            issuer: c.issuer ?? '',
            subject: c.subject ?? '',
            audiences: c.audiences ?? [],
          });
        }
      } catch (e) {
        errors.push(toSourceError('federatedCredentials', id, e));
      }
    },
  );
  return { items, errors };
}

/**
 * The user-assigned identities (ids as read) that nothing lists as its identity: only such an
 * identity can be called unused, so only its federated credentials are worth a read. In a large
 * tenant most identities are attached (at 100k resources the bench's 1,924 reads fell to the
 * unattached few).
 */
export function unattachedIdentities(
  rows: readonly ResourceRow[],
  attachedUserAssigned: readonly string[],
  policyAssignments: readonly PolicyAssignmentIdentity[],
): string[] {
  const attached = attachedUserAssignedIdentities(attachedUserAssigned, rows, policyAssignments);
  const ids: string[] = [];
  for (const r of rows)
    if (r.type.toLowerCase() === USER_ASSIGNED_IDENTITY_TYPE && !attached.has(normalizeId(r.id)))
      ids.push(r.id);
  return ids;
}
