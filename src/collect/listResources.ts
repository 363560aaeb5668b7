import type { AzureClients } from './azureClients.js';
import {
  BATCH_POOLS_QUERY,
  IDENTITY_CANDIDATES_QUERY,
  IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY,
  IDENTITY_COVERAGE_BY_TYPE_QUERY,
  MANAGED_RESOURCE_GROUPS_QUERY,
  USER_ASSIGNED_ATTACHMENTS_QUERY,
  VAULTS_AND_WORKSPACES_QUERY,
} from './queries.js';
import { resourceRowCompactor } from './compactRows.js';
import { eachResourceGraphPage, subscriptionBatches } from './queryResourceGraph.js';
import type {
  Collected,
  IdentityCoverageCount,
  IdentityInventory,
  ManagedResourceGroup,
  ResourceRow,
  SourceError,
} from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { managedIdentityShape } from '../azure/managedIdentityShape.js';

export interface ResourceInventory {
  resources: Collected<ResourceRow>;
  identityInventory: IdentityInventory;
}

/** Callbacks while resources are read, so later stages can start early. */
export interface ResourceHooks {
  /** Every Key Vault and workspace row, once read; undefined when that read failed for any batch. */
  vaultsAndWorkspaces?: (rows: readonly ResourceRow[] | undefined) => void;
}

interface Sink {
  rows: ResourceRow[];
  attached: Set<string>;
  byType: Map<string, IdentityCoverageCount>;
  bySubscription: Map<string, IdentityCoverageCount>;
  managedGroups: ManagedResourceGroup[];
}

/**
 * The resources the checks read, from Resource Graph, for the readable subscriptions. Filtered and
 * projected in Resource Graph (only resources without identity, identity references one per row,
 * counts by `summarize`), each page reduced as it arrives: nothing holds a whole result set.
 */
export async function listResources(
  clients: AzureClients,
  subscriptions: readonly string[],
  hooks: ResourceHooks = {},
): Promise<ResourceInventory> {
  const sink: Sink = {
    rows: [],
    attached: new Set(),
    byType: new Map(),
    bySubscription: new Map(),
    managedGroups: [],
  };
  const resourceErrors: SourceError[] = [];
  const compact = resourceRowCompactor();
  const inventoryErrors: SourceError[] = [];
  const keepRows = (rows: ResourceRow[]) => {
    for (const row of rows) sink.rows.push(compact(row));
  };
  const failed = (batch: string[], errors: SourceError[]) => (e: unknown) => {
    for (const s of batch) errors.push(toSourceError('resourceGraph', `/subscriptions/${s}`, e));
  };
  const read = <R>(batch: string[], query: string, onPage: (rows: R[]) => void) =>
    eachResourceGraphPage<R>(clients.resourceGraph, query, { subscriptions: batch }, clients.pacer, onPage);
  const batches = subscriptionBatches(subscriptions);

  // Past 1,000 subscriptions (one query's most) the batches are read at once, sharing the one
  // quota: a chain of pages waits for each page's answer, so one batch after another left the
  // quota unused. The vaults and workspaces of every batch are asked first and handed on as soon as
  // they are in: the Key Vault stage (diagnostic settings, audit log queries) waits for them alone,
  // not for any batch's resource pages (at 2,000 subscriptions it had waited for the first batch's:
  // 24 s of a 44 s collection at 1M resources; now 6 s).
  const vaultsAndWorkspaces: ResourceRow[] = [];
  let vaultsAndWorkspacesFailed = false;
  const vaultsAndWorkspacesRead = Promise.all(
    batches.map((batch) =>
      read<ResourceRow>(batch, VAULTS_AND_WORKSPACES_QUERY, (rows) => {
        keepRows(rows);
        for (const row of rows) vaultsAndWorkspaces.push(row);
      }).catch((e: unknown) => {
        vaultsAndWorkspacesFailed = true;
        failed(batch, resourceErrors)(e);
      }),
    ),
  ).then(() => hooks.vaultsAndWorkspaces?.(vaultsAndWorkspacesFailed ? undefined : vaultsAndWorkspaces));

  const readBatches = batches.map((batch) =>
    Promise.all([
      read(batch, IDENTITY_CANDIDATES_QUERY, keepRows).catch(failed(batch, resourceErrors)),
      read<ResourceRow>(batch, BATCH_POOLS_QUERY, (rows) => reducePools(rows, sink)).catch(
        failed(batch, resourceErrors),
      ),
      read<{ identityId?: string }>(batch, USER_ASSIGNED_ATTACHMENTS_QUERY, (rows) => {
        for (const r of rows) if (r.identityId) sink.attached.add(r.identityId.toLowerCase());
      }).catch(failed(batch, inventoryErrors)),
      read<{ id: string; managedBy?: string }>(batch, MANAGED_RESOURCE_GROUPS_QUERY, (rows) => {
        for (const r of rows)
          if (r.managedBy) sink.managedGroups.push({ id: r.id.toLowerCase(), managedBy: r.managedBy });
      }).catch(failed(batch, inventoryErrors)),
      readCoverage(clients, IDENTITY_COVERAGE_BY_TYPE_QUERY, 'type', batch, sink.byType).catch(
        failed(batch, inventoryErrors),
      ),
      readCoverage(
        clients,
        IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY,
        'subscriptionId',
        batch,
        sink.bySubscription,
      ).catch(failed(batch, inventoryErrors)),
    ]),
  );
  await Promise.all([...readBatches, vaultsAndWorkspacesRead]);
  return {
    resources: { items: sink.rows, errors: resourceErrors },
    identityInventory: {
      attachedUserAssigned: [...sink.attached],
      coverageByType: [...sink.byType].map(([type, c]) => ({ type, ...c })),
      coverageBySubscription: [...sink.bySubscription].map(([subscriptionId, c]) => ({
        subscriptionId,
        ...c,
      })),
      managedResourceGroups: sink.managedGroups,
      errors: inventoryErrors,
    },
  };
}

/** Batch pools: kept when they have no identity, counted, and their identities marked attached. */
function reducePools(rows: ResourceRow[], sink: Sink): void {
  for (const pool of rows) {
    const shape = managedIdentityShape(pool.identity);
    const has = shape.systemAssigned || shape.userAssigned.length > 0;
    if (!has) sink.rows.push(pool);
    for (const id of shape.userAssigned) sink.attached.add(id.toLowerCase());
    const count = { resources: 1, withIdentity: has ? 1 : 0 };
    addCoverage(sink.byType, pool.type, count);
    addCoverage(sink.bySubscription, pool.subscriptionId, count);
  }
}

function addCoverage(
  map: Map<string, IdentityCoverageCount>,
  key: string,
  count: IdentityCoverageCount,
): void {
  const k = key.toLowerCase();
  const entry = map.get(k) ?? { resources: 0, withIdentity: 0 };
  entry.resources += count.resources;
  entry.withIdentity += count.withIdentity;
  map.set(k, entry);
}

/**
 * One coverage summary. A `summarize` comes back as one page; should Resource Graph cut it
 * (`resultTruncated`, or fewer rows than `totalRecords`), the subscriptions are halved and asked
 * again, so no count is silently lost.
 */
async function readCoverage(
  clients: AzureClients,
  query: string,
  by: 'type' | 'subscriptionId',
  batch: readonly string[],
  into: Map<string, IdentityCoverageCount>,
): Promise<void> {
  const rows: (IdentityCoverageCount & Record<typeof by, string>)[] = [];
  let truncated = false;
  await eachResourceGraphPage<IdentityCoverageCount & Record<typeof by, string>>(
    clients.resourceGraph,
    query,
    { subscriptions: [...batch] },
    clients.pacer,
    (page, info) => {
      for (const r of page) rows.push(r);
      truncated ||= info.truncated || info.totalRecords > rows.length;
    },
  );
  if (truncated && batch.length > 1) {
    const half = Math.ceil(batch.length / 2);
    await readCoverage(clients, query, by, batch.slice(0, half), into);
    await readCoverage(clients, query, by, batch.slice(half), into);
    return;
  }
  if (truncated)
    throw new Error(`Resource Graph cut the identity coverage of subscription ${batch[0] ?? ''}`);
  for (const r of rows) addCoverage(into, r[by], r);
}
