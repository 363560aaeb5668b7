import type { AzureClients } from './azureClients.js';
import { MANAGEMENT_GROUPS_QUERY, SUBSCRIPTIONS_QUERY } from './queries.js';
import { eachResourceGraphPage, queryResourceGraph } from './queryResourceGraph.js';
import type { Collected, ManagementGroupInfo, SubscriptionInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

interface SubscriptionRow {
  subscriptionId: string;
  name: string;
  state: string;
  ancestors: { name: string }[] | null;
}

/** The subscriptions to audit, and the readable ones the audit was not asked for. */
export interface SubscriptionList extends Collected<SubscriptionInfo> {
  /**
   * Readable subscriptions left out by AUDIT_SUBSCRIPTIONS (empty when it is unset): a scoped run
   * still looks there for what can clear a finding in scope (identityUseOutsideScope.ts).
   */
  notAskedFor: SubscriptionInfo[];
}

/**
 * The subscriptions to audit, from Resource Graph (which lists what the identity can read). A
 * subscription asked for in AUDIT_SUBSCRIPTIONS that is not readable is kept with `read: false`,
 * so the report says it was not audited rather than leaving it out silently.
 */
export async function listSubscriptions(
  clients: AzureClients,
  wanted: readonly string[],
): Promise<SubscriptionList> {
  try {
    const rows: SubscriptionRow[] = [];
    let limitHit = false;
    await eachResourceGraphPage<SubscriptionRow>(
      clients.resourceGraph,
      SUBSCRIPTIONS_QUERY,
      {},
      clients.pacer,
      (page, info) => {
        for (const r of page) rows.push(r);
        limitHit ||= info.subscriptionLimitHit;
      },
    );
    const items: SubscriptionInfo[] = rows.map((r) => ({
      subscriptionId: r.subscriptionId.toLowerCase(),
      displayName: r.name,
      state: r.state || 'Enabled',
      managementGroupAncestors: (r.ancestors ?? []).map((a) => a.name),
      read: true,
    }));
    const asked = new Set(wanted);
    const selected = wanted.length ? items.filter((s) => asked.has(s.subscriptionId)) : items;
    const notAskedFor = wanted.length ? items.filter((s) => !asked.has(s.subscriptionId)) : [];
    const readableIds = new Set(items.map((s) => s.subscriptionId));
    const errors = wanted
      .filter((id) => !readableIds.has(id))
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
    // Past 10,000 readable subscriptions Resource Graph lists the first 10,000 only: which ones are
    // left out is unknown, so the whole run is blind rather than silently short of them.
    if (limitHit)
      errors.push({
        source: 'subscriptions' as const,
        scope: 'tenant',
        statusCode: 200,
        code: 'TenantSubscriptionLimitHit',
        message:
          "Resource Graph listed the first 10,000 of the subscriptions mi-auditor's identity can read (x-ms-tenant-subscription-limit-hit): the others are unknown, so no check can vouch for the tenant.",
      });
    return { items: selected, errors, notAskedFor };
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
      notAskedFor: [],
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
