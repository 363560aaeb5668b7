import type { AzureClients } from './azureClients.js';
import { listPolicyAssignmentIdentities } from './listPolicyAssignmentIdentities.js';
import { isScoped, type OutsideScope } from './outsideScope.js';
import { userAssignedAttachmentsTo } from './queries.js';
import { eachPageForValues } from './queryResourceGraph.js';
import type { Collected, PolicyAssignmentIdentity, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { normalizeId, subscriptionOf } from '../azure/scopes.js';

/** Where identities of the audited scope are used outside it. */
export interface IdentityUseOutsideScope {
  /** Identities (lower-case ids) that a resource outside the audited scope lists as its identity. */
  attached: string[];
  /** Policy assignments outside the audited scope that run as one of the identities. */
  policyAssignments: Collected<PolicyAssignmentIdentity>;
  /** Resource Graph reads that failed: the identities' use there is unknown. */
  errors: SourceError[];
}

/**
 * Identity subscriptions per query: each is a quoted GUID in the query's `in (...)` list, so a
 * query stays a few kilobytes however many subscriptions hold identities.
 */
const IDENTITY_SUBSCRIPTIONS_PER_QUERY = 100;

const nothingRead = (): IdentityUseOutsideScope => ({
  attached: [],
  policyAssignments: { items: [], errors: [] },
  errors: [],
});

/**
 * In a scoped run (AUDIT_SUBSCRIPTIONS, AUDIT_MANAGEMENT_GROUPS), where the user-assigned identities
 * the audit found attached to nothing (`candidates`) are used outside the audited scope. A
 * user-assigned identity is a resource of its own that resources of any subscription of the tenant
 * may list as their identity ("User-assigned managed identities can be used on multiple resources",
 * Learn, manage-user-assigned-managed-identities-rest), and landing zones keep identities in a
 * subscription of their own (the Azure landing zones module's Identity management group and
 * subscription, Azure/terraform-azurerm-caf-enterprise-scale wiki): a run scoped to it would
 * otherwise call every one unused. So the readable subscriptions outside the scope are asked, in Resource Graph, for their
 * references to identities of the candidates' subscriptions, `resources` and Batch pools; and if
 * any candidate is still unused, their policy assignments and those of the groups no read has
 * reached (listPolicyAssignmentIdentities.ts) are listed. Nothing is read when there is no
 * candidate or nothing outside the scope (an unscoped run).
 */
export async function identityUseOutsideScope(
  clients: AzureClients,
  candidates: readonly string[],
  outside: OutsideScope,
): Promise<IdentityUseOutsideScope> {
  if (candidates.length === 0) return nothingRead();
  if (!isScoped(outside)) return nothingRead();

  const identitySubscriptions = [...new Set(candidates.flatMap((id) => subscriptionOf(id) ?? []))];
  const attached = new Set<string>();
  // One error per subscription, whichever of its queries failed first.
  const errors = new Map<string, SourceError>();
  await eachPageForValues<{ identityId?: string }>(
    clients.resourceGraph,
    clients.pacer,
    {
      subscriptions: outside.subscriptions,
      values: identitySubscriptions,
      perQuery: IDENTITY_SUBSCRIPTIONS_PER_QUERY,
      queriesOf: (owners) => [
        userAssignedAttachmentsTo('resources', owners),
        userAssignedAttachmentsTo('batchresources', owners),
      ],
    },
    (rows) => {
      for (const r of rows) if (r.identityId) attached.add(normalizeId(r.identityId));
    },
    (batch, _owners, e) => {
      for (const s of batch)
        if (!errors.has(s)) errors.set(s, toSourceError('identityUse', `/subscriptions/${s}`, e));
    },
  );

  const stillUnused = candidates.some((id) => !attached.has(normalizeId(id)));
  const policyAssignments = stillUnused
    ? await listPolicyAssignmentIdentities(clients, outside.subscriptions, outside.managementGroups)
    : { items: [], errors: [] };
  return { attached: [...attached], policyAssignments, errors: [...errors.values()] };
}
