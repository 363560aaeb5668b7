import type { AzureClients } from './azureClients.js';
import { listRoleAssignments } from './listRoleData.js';
import { isScoped, type OutsideScope } from './outsideScope.js';
import { roleAssignmentsOfPrincipals } from './queries.js';
import { eachPageForValues } from './queryResourceGraph.js';
import type { HeldRoleAssignment, IdentityUseReads, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** Principals per query: each is a quoted GUID in the query's `in (...)` list (about 4 KB). */
const PRINCIPALS_PER_QUERY = 100;

/**
 * In a scoped run (AUDIT_SUBSCRIPTIONS, AUDIT_MANAGEMENT_GROUPS), the role assignments outside the
 * audited scope held by some principals: the user-assigned identities the scope found attached to
 * nothing. Such an identity is reported either way; what it can still do decides how much it
 * matters (mi-user-assigned-unused: medium while it holds any role), and a landing zone's identity
 * subscription holds identities whose roles are granted in the workload subscriptions (Learn,
 * "Assign Azure roles to a managed identity": "you start with the managed identity and then select
 * the scope and role", any scope of the tenant, wherever the identity lives), which a run scoped to
 * the identities' subscription does not read.
 *
 * Read in Resource Graph's `authorizationresources` over the readable subscriptions outside the
 * scope, at, above and below them (`AtScopeAboveAndBelow`, so grants at the management groups above
 * them come too), only the assignments of these principals; and over ARM at the management groups
 * no subscription reaches (`outside.managementGroups`, each group's own list). Assignments the
 * scope already read come again from the groups above both; callers count assignment ids, so each
 * is counted once. Nothing is read in an unscoped run or without a principal.
 */
export async function roleAssignmentsOutsideScope(
  clients: AzureClients,
  principalIds: readonly string[],
  outside: OutsideScope,
): Promise<IdentityUseReads> {
  const read: IdentityUseReads = { roleAssignments: [], errors: [] };
  if (principalIds.length === 0) return read;
  if (!isScoped(outside)) return read;

  const principals = new Set(principalIds.map((p) => p.toLowerCase()));
  const byId = new Map<string, HeldRoleAssignment>();
  const hold = (id: string, principalId: string) => {
    const key = id.toLowerCase();
    if (!byId.has(key)) byId.set(key, { id: key, principalId: principalId.toLowerCase() });
  };
  // One error per subscription, whichever of its queries failed first.
  const failed = new Map<string, SourceError>();
  const [, atGroups] = await Promise.all([
    eachPageForValues<{ id: string; principalId: string }>(
      clients.resourceGraph,
      clients.pacer,
      {
        subscriptions: outside.subscriptions,
        values: [...principals],
        perQuery: PRINCIPALS_PER_QUERY,
        queriesOf: (ids) => [roleAssignmentsOfPrincipals(ids)],
        authorizationScopeFilter: 'AtScopeAboveAndBelow',
      },
      (rows) => {
        for (const r of rows) hold(r.id, r.principalId);
      },
      (batch, _ids, e) => {
        for (const s of batch)
          if (!failed.has(s)) failed.set(s, toSourceError('identityUse', `/subscriptions/${s}`, e));
      },
    ),
    outside.managementGroups.length
      ? listRoleAssignments(clients, [], outside.managementGroups, outside.subscriptions[0])
      : undefined,
  ]);
  for (const a of atGroups?.items ?? [])
    if (principals.has(a.principalId.toLowerCase())) hold(a.id, a.principalId);
  for (const e of failed.values()) read.errors.push(e);
  for (const e of atGroups?.errors ?? []) read.errors.push({ ...e, source: 'identityUse' });
  for (const a of byId.values()) read.roleAssignments.push(a);
  return read;
}
