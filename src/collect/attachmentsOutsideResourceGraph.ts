import { bySubscriptionInTurn, forEachBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import { resourceIdsOfTypes } from './queries.js';
import { eachResourceGraphPage, subscriptionBatches } from './queryResourceGraph.js';
import type { SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { normalizeId } from '../azure/scopes.js';

/**
 * Child resources that can run as a user-assigned identity but are not Resource Graph rows (the
 * catalogue's `resourceGraphTable: null`, src/azure/managedIdentityTypes.ts), listed over ARM under
 * each parent; each child's `identity` is the ARM ManagedServiceIdentity, paged by `nextLink`.
 * - Machine Learning computes: "The Azure Machine Learning compute cluster uses a managed
 *   identity" (Learn, how-to-identity-based-service-authentication); Compute_List,
 *   `{workspace}/computes` (api 2024-04-01, Azure/azure-rest-api-specs machinelearningservices
 *   examples/Compute/list.json).
 * - Dev center project environment types: the identity Azure Deployment Environments deploys an
 *   environment as; ProjectEnvironmentTypes_List, `{project}/environmentTypes` (api 2024-02-01,
 *   devcenter stable/2024-02-01 examples/ProjectEnvironmentTypes_List.json, whose item has a
 *   user-assigned identity).
 * - Azure Spring Apps apps: Apps_List, `{service}/apps` (api 2023-12-01, appplatform
 *   stable/2023-12-01 examples/Apps_List.json, whose item has two user-assigned identities).
 * - Service Fabric applications, of clusters and of managed clusters: "add the identity property to
 *   the application resource with type userAssigned and the referenced user-assigned identities"
 *   (Learn, how-to-deploy-service-fabric-application-user-assigned-managed-identity; for managed
 *   clusters how-to-managed-cluster-application-managed-identity). The identity is the
 *   application's own, not its nodes' (a node type's `vmManagedIdentity` serves VM extensions), so
 *   no Resource Graph row names it. Applications_List, `{cluster}/applications` (servicefabric
 *   stable/2021-06-01 application.json, whose `UserAssignedIdentityMap` is keyed by identity
 *   resource id) and `{managedCluster}/applications` (servicefabricmanagedclusters stable/2024-04-01,
 *   examples/ApplicationListOperation_example.json).
 * Not listed yet (an identity only they use is still called unused): the children whose APIs are
 * preview only (Container Registry pipelines, dev center encryption sets).
 */
const CHILD_COLLECTIONS = [
  {
    parentType: 'microsoft.machinelearningservices/workspaces',
    collection: 'computes',
    apiVersion: '2024-04-01',
  },
  {
    parentType: 'microsoft.devcenter/projects',
    collection: 'environmentTypes',
    apiVersion: '2024-02-01',
  },
  {
    parentType: 'microsoft.appplatform/spring',
    collection: 'apps',
    apiVersion: '2023-12-01',
  },
  {
    parentType: 'microsoft.servicefabric/clusters',
    collection: 'applications',
    apiVersion: '2021-06-01',
  },
  {
    parentType: 'microsoft.servicefabric/managedclusters',
    collection: 'applications',
    apiVersion: '2024-04-01',
  },
] as const;

/** What the lists gave: identities (lower-case ids) a child lists as its identity, and failed reads. */
export interface AttachmentsOutsideResourceGraph {
  attached: string[];
  errors: SourceError[];
}

/** The parents of {@link CHILD_COLLECTIONS} found in Resource Graph, and the reads that failed. */
export interface ChildParents {
  parents: { id: string; collection: string; apiVersion: string }[];
  errors: SourceError[];
}

/** Each child collection with the pattern of its parents' ids: `.../providers/{parentType}/{name}`. */
const PARENT_ID_PATTERNS = CHILD_COLLECTIONS.map(
  (c) => [new RegExp(`/providers/${c.parentType.replace(/\./g, '\\.')}/[^/]+$`, 'i'), c] as const,
);

/** The parents among the ids Resource Graph gave, each with the collection to list under it. */
export function childParentsOf(ids: readonly string[]): ChildParents['parents'] {
  const parents: ChildParents['parents'] = [];
  for (const id of ids) {
    const child = PARENT_ID_PATTERNS.find(([pattern]) => pattern.test(id))?.[1];
    if (child) parents.push({ id, collection: child.collection, apiVersion: child.apiVersion });
  }
  return parents;
}

/**
 * The parents whose children {@link identitiesOfChildren} lists, in the readable
 * `subscriptions`: one small Resource Graph query per thousand subscriptions.
 */
export async function childParents(
  clients: Pick<AzureClients, 'resourceGraph' | 'pacer'>,
  subscriptions: readonly string[],
): Promise<ChildParents> {
  const ids: string[] = [];
  const errors: SourceError[] = [];
  await Promise.all(
    subscriptionBatches(subscriptions).map(async (batch) => {
      try {
        let cut = false;
        await eachResourceGraphPage<{ ids?: unknown }>(
          clients.resourceGraph,
          resourceIdsOfTypes(CHILD_COLLECTIONS.map((c) => c.parentType)),
          { subscriptions: batch },
          clients.pacer,
          (page, info) => {
            cut ||= info.truncated;
            for (const r of page)
              for (const id of Array.isArray(r.ids) ? r.ids : []) if (typeof id === 'string') ids.push(id);
          },
        );
        // A summary is one page only: one row per subscription never passes a thousand.
        if (cut)
          throw new Error('Resource Graph cut the list of parents whose children may run as an identity');
      } catch (e) {
        for (const s of batch) errors.push(toSourceError('identityUse', `/subscriptions/${s}`, e));
      }
    }),
  );
  return { parents: childParentsOf(ids), errors };
}

/**
 * The user-assigned identities (lower-case ids) the children of {@link CHILD_COLLECTIONS} under
 * `parents` run as: every one, since the lists can start before it is known which identities are
 * attached to nothing else (collectSnapshot.ts lists them beside the resource pages). A failed read
 * is an error of source `identityUse`: the identities' use is then unknown.
 */
export async function identitiesOfChildren(
  clients: Pick<AzureClients, 'armGet'>,
  parents: ChildParents,
): Promise<AttachmentsOutsideResourceGraph> {
  const read: AttachmentsOutsideResourceGraph = { attached: [], errors: [...parents.errors] };
  const attached = new Set<string>();
  await forEachBounded(
    bySubscriptionInTurn(parents.parents, (p) => p.id),
    async (parent) => {
      let next: string | undefined =
        `${parent.id}/${parent.collection}?api-version=${encodeURIComponent(parent.apiVersion)}`;
      try {
        while (next) {
          const page = await clients.armGet(next);
          if (!page) return; // the parent was deleted since Resource Graph listed it
          const children = Array.isArray(page['value']) ? (page['value'] as Record<string, unknown>[]) : [];
          for (const child of children) {
            const identity = child['identity'] as { userAssignedIdentities?: Record<string, unknown> } | null;
            for (const id of Object.keys(identity?.userAssignedIdentities ?? {}))
              attached.add(normalizeId(id));
          }
          // nextLink is absolute: armGet takes the path and query on ARM's own endpoint. An empty
          // one ends the list, as a missing one does (the Service Fabric managed clusters' spec
          // example, ApplicationListOperation_example.json, sends `"nextLink": ""`): read as a link,
          // it named ARM's root.
          const nextLink = page['nextLink'];
          const link =
            typeof nextLink === 'string' && nextLink !== '' ? new URL(nextLink, 'https://arm') : undefined;
          next = link ? `${link.pathname}${link.search}` : undefined;
        }
      } catch (e) {
        read.errors.push(toSourceError('identityUse', `${parent.id}/${parent.collection}`, e));
      }
    },
  );
  for (const id of attached) read.attached.push(id);
  return read;
}

/**
 * Of what the children run as ({@link identitiesOfChildren}), the `candidates` (identities found
 * attached to nothing else); the reads' errors matter only when there is a candidate.
 */
export function childAttachmentsOf(
  children: AttachmentsOutsideResourceGraph,
  candidates: readonly string[],
): AttachmentsOutsideResourceGraph {
  if (candidates.length === 0) return { attached: [], errors: [] };
  const wanted = new Set(candidates.map(normalizeId));
  return { attached: children.attached.filter((id) => wanted.has(id)), errors: children.errors };
}
