import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { listResources } from '../../src/collect/listResources.js';
import {
  IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY,
  IDENTITY_COVERAGE_BY_TYPE_QUERY,
} from '../../src/collect/queries.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

/**
 * A Resource Graph stand-in that answers the coverage summaries as the service does: one page of at
 * most $top rows, `resultTruncated: 'true'`, `totalRecords` above the rows sent and no `$skipToken`
 * when there were more (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language,
 * summarize: "Simplified first page only"). `cutAbove` makes it cut earlier than $top, to exercise
 * the split. Every other query answers empty.
 */
function fakeResourceGraph(cutAbove = 1000) {
  const calls: { query: string; subscriptions: string[] }[] = [];
  const client = {
    resources: (request: { query: string; subscriptions?: string[]; options?: { top?: number } }) => {
      const subscriptions = request.subscriptions ?? [];
      calls.push({ query: request.query, subscriptions });
      let all: Record<string, unknown>[] = [];
      if (request.query === IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY)
        all = subscriptions.map((subscriptionId) => ({ subscriptionId, resources: 3, withIdentity: 1 }));
      if (request.query === IDENTITY_COVERAGE_BY_TYPE_QUERY)
        all = [
          {
            type: 'microsoft.web/sites',
            resources: 3 * subscriptions.length,
            withIdentity: subscriptions.length,
          },
        ];
      const data = all.slice(0, Math.min(request.options?.top ?? 1000, cutAbove));
      return Promise.resolve({
        totalRecords: all.length,
        count: data.length,
        resultTruncated: all.length > data.length ? 'true' : 'false',
        data,
      });
    },
  };
  const clients = { resourceGraph: client as unknown as ResourceGraphClient, pacer: new QuotaPacer() };
  return { clients: clients as unknown as AzureClients, calls };
}

describe('listResources', () => {
  it('reads adoption per type and per subscription in one small summary each', async () => {
    const subscriptions = Array.from({ length: 200 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const { clients, calls } = fakeResourceGraph();
    const { identityInventory } = await listResources(clients, subscriptions);
    expect(identityInventory.errors).toEqual([]);
    expect(identityInventory.coverageBySubscription).toHaveLength(200);
    expect(identityInventory.coverageByType).toEqual([
      { type: 'microsoft.web/sites', resources: 600, withIdentity: 200 },
    ]);
    expect(calls.filter((c) => c.query.includes('summarize'))).toHaveLength(2);
  });

  it('splits the subscriptions when a summary comes back cut, so no count is lost', async () => {
    const subscriptions = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const { clients, calls } = fakeResourceGraph(8);
    const { identityInventory } = await listResources(clients, subscriptions);
    expect(identityInventory.errors).toEqual([]);
    expect(identityInventory.coverageBySubscription.reduce((n, c) => n + c.resources, 0)).toBe(90);
    const asks = calls.filter((c) => c.query === IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY);
    expect(asks.map((c) => c.subscriptions.length)).toEqual([30, 15, 8, 7, 15, 8, 7]);
  });

  it('reports the subscription rather than a cut count when one subscription alone is cut', async () => {
    const { clients } = fakeResourceGraph(0);
    const { identityInventory } = await listResources(clients, ['s1']);
    expect(identityInventory.coverageBySubscription).toEqual([]);
    expect(identityInventory.errors[0]).toMatchObject({
      source: 'resourceGraph',
      scope: '/subscriptions/s1',
    });
  });
});
