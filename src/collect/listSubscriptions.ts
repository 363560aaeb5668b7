import type { AzureClients } from './azureClients.js';
import { MANAGEMENT_GROUPS_QUERY, SUBSCRIPTIONS_QUERY } from './queries.js';
import { queryResourceGraph } from './queryResourceGraph.js';
import type { Collected, ManagementGroupInfo, SubscriptionInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

interface SubscriptionRow {
  subscriptionId: string;
  name: string;
  state: string;
  ancestors: { name: string }[] | null;
}

/**
 * The subscriptions to audit, from Resource Graph (which lists what the identity can read). A
 * subscription asked for in AUDIT_SUBSCRIPTIONS that is not readable is kept with `read: false`,
 * so the report says it was not audited rather than leaving it out silently.
 */
export async function listSubscriptions(
  clients: AzureClients,
  wanted: readonly string[],
): Promise<Collected<SubscriptionInfo>> {
  try {
    const rows = await queryResourceGraph<SubscriptionRow>(
      clients.resourceGraph,
      SUBSCRIPTIONS_QUERY,
      {},
      clients.pacer,
    );
    const items: SubscriptionInfo[] = rows.map((r) => ({
      subscriptionId: r.subscriptionId.toLowerCase(),
      displayName: r.name,
      state: r.state || 'Enabled',
      managementGroupAncestors: (r.ancestors ?? []).map((a) => a.name),
      read: true,
    }));
    const selected = wanted.length ? items.filter((s) => wanted.includes(s.subscriptionId)) : items;
    const errors = wanted
      .filter((id) => !items.some((s) => s.subscriptionId === id))
      .map((id) => ({
        source: 'subscriptions' as const,
        scope: `/subscriptions/${id}`,
        statusCode: 403,
        code: 'SubscriptionNotReadable',
        message: `Subscription ${id} is not readable by mi-auditor's identity (grant it Reader).`,
      }));
    for (const e of errors) {
      const id = e.scope.split('/')[2]!;
      selected.push({
        subscriptionId: id,
        displayName: id,
        state: 'Unknown',
        managementGroupAncestors: [],
        read: false,
      });
    }
    return { items: selected, errors };
  } catch (e) {
    return {
      items: wanted.map((id) => ({
        subscriptionId: id,
        displayName: id,
        state: 'Unknown',
        managementGroupAncestors: [],
        read: false,
      })),
      errors: [toSourceError('subscriptions', 'tenant', e)],
    };
  }
}

/** The management groups the identity can read, from Resource Graph. */
export async function listManagementGroups(clients: AzureClients): Promise<Collected<ManagementGroupInfo>> {
  try {
    const rows = await queryResourceGraph<{ name: string; displayName: string; parentId: string }>(
      clients.resourceGraph,
      MANAGEMENT_GROUPS_QUERY,
      {},
      clients.pacer,
    );
    return {
      items: rows.map((r) => ({
        name: r.name,
        displayName: r.displayName || r.name,
        parent: r.parentId ? (r.parentId.split('/').pop() ?? null) : null,
      })),
      errors: [],
    };
  } catch (e) {
    return { items: [], errors: [toSourceError('subscriptions', 'managementGroups', e)] };
  }
}
