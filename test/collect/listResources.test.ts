import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { listResources } from '../../src/collect/listResources.js';
import { IDENTITY_COVERAGE_QUERY } from '../../src/collect/queries.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

/**
 * A Resource Graph stand-in that answers the coverage `summarize` as the service does: one page of at
 * most $top rows, `resultTruncated: 'true'` and no `$skipToken` when there were more
 * (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language, summarize: "Simplified
 * first page only"; work-with-data.md, resultTruncated). Every other query answers empty.
 */
function fakeResourceGraph(typesPerSubscription: number) {
  const calls: { query: string; subscriptions: string[] }[] = [];
  const client = {
    resources: (request: { query: string; subscriptions?: string[]; options?: { top?: number } }) => {
      const subscriptions = request.subscriptions ?? [];
      calls.push({ query: request.query, subscriptions });
      if (request.query !== IDENTITY_COVERAGE_QUERY)
        return Promise.resolve({ totalRecords: 0, count: 0, resultTruncated: 'false', data: [] });
      const all = subscriptions.flatMap((subscriptionId) =>
        Array.from({ length: typesPerSubscription }, (_, i) => ({
          subscriptionId,
          type: `microsoft.web/sites${i ? `-${i}` : ''}`,
          resources: 3,
          withIdentity: 1,
        })),
      );
      const top = request.options?.top ?? 1000;
      const data = all.slice(0, top);
      return Promise.resolve({
        totalRecords: all.length,
        count: data.length,
        resultTruncated: all.length > top ? 'true' : 'false',
        data,
      });
    },
  };
  const clients = { resourceGraph: client as unknown as ResourceGraphClient, pacer: new QuotaPacer() };
  return { clients: clients as unknown as AzureClients, calls };
}

describe('listResources', () => {
  it('splits the subscriptions when the coverage summarize comes back cut, so no count is lost', async () => {
    const subscriptions = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const { clients, calls } = fakeResourceGraph(100);
    const { identityInventory } = await listResources(clients, subscriptions);
    expect(identityInventory.errors).toEqual([]);
    expect(identityInventory.coverage).toHaveLength(3000);
    expect(identityInventory.coverage.reduce((n, c) => n + c.resources, 0)).toBe(9000);
    // 30 subscriptions x 100 types: cut at 1000 rows, halved until each ask fits (4 asks of 7-8 subscriptions).
    const asks = calls.filter((c) => c.query === IDENTITY_COVERAGE_QUERY);
    expect(asks.map((c) => c.subscriptions.length)).toEqual([30, 15, 8, 7, 15, 8, 7]);
  });

  it('reports the subscription rather than a cut count when one subscription alone fills the page', async () => {
    const { clients } = fakeResourceGraph(1200);
    const { identityInventory } = await listResources(clients, ['s1']);
    expect(identityInventory.coverage).toEqual([]);
    expect(identityInventory.errors).toMatchObject([{ source: 'resourceGraph', scope: '/subscriptions/s1' }]);
  });
});
