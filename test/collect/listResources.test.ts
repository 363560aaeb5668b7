import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { listResources } from '../../src/collect/listResources.js';
import {
  IDENTITY_CANDIDATES_QUERY,
  IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY,
  IDENTITY_COVERAGE_BY_TYPE_QUERY,
  VAULTS_AND_WORKSPACES_QUERY,
} from '../../src/collect/queries.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY } from '../../src/collect/queryResourceGraph.js';
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

describe('listResources past 1,000 subscriptions', () => {
  it('hands on the vaults and workspaces of every batch before the first batch has read its resources', async () => {
    // Resource Graph takes at most 1,000 subscriptions a query: two batches here. The Key Vault stage
    // waits for this hook; before, the second batch's vaults were asked only once the first batch's
    // resources were in (at 2,000 subscriptions and 1M resources, 24 s into a 45 s collection).
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_QUERY + 1 }, (_, i) => `s${i}`);
    let hookFired!: () => void;
    const fired = new Promise<void>((resolve) => (hookFired = resolve));
    const candidatesAnswered: boolean[] = [];
    const client = {
      resources: async (request: { query: string; subscriptions?: string[] }) => {
        const first = request.subscriptions?.[0] ?? '';
        let data: Record<string, unknown>[] = [];
        if (request.query === VAULTS_AND_WORKSPACES_QUERY)
          data = [
            {
              id: `/subscriptions/${first}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
              type: 'microsoft.keyvault/vaults',
              subscriptionId: first,
            },
          ];
        if (request.query === IDENTITY_CANDIDATES_QUERY) {
          // Held until the hook fires, or 2 s: whether it fired first is what the test asks.
          let timer: NodeJS.Timeout | undefined;
          const hookFirst = await Promise.race([
            fired.then(() => true),
            new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000))),
          ]);
          clearTimeout(timer);
          candidatesAnswered.push(hookFirst);
        }
        return { totalRecords: data.length, count: data.length, resultTruncated: 'false', data };
      },
    };
    // Room for both batches' queries in one window: the test is about order, not the quota.
    const pacer = new QuotaPacer({ requests: 100 });
    const clients = { resourceGraph: client as unknown as ResourceGraphClient, pacer };
    let handedOn: readonly { id: string }[] | undefined;
    const { resources } = await listResources(clients as unknown as AzureClients, subscriptions, {
      vaultsAndWorkspaces: (rows) => {
        handedOn = rows;
        hookFired();
      },
    });
    expect(candidatesAnswered).toEqual([true, true]);
    expect(handedOn?.map((r) => r.id.split('/')[2])).toEqual(['s0', `s${MAX_SUBSCRIPTIONS_PER_QUERY}`]);
    expect(resources.errors).toEqual([]);
  });

  it('reads the batches at once, each a chain of pages under the one shared quota', async () => {
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_QUERY * 2 + 1 }, (_, i) => `s${i}`);
    let open = 0;
    let mostOpen = 0;
    const asked: number[] = [];
    const client = {
      resources: async (request: { query: string; subscriptions?: string[] }) => {
        if (request.query === IDENTITY_CANDIDATES_QUERY) {
          asked.push(request.subscriptions?.length ?? 0);
          mostOpen = Math.max(mostOpen, ++open);
          await new Promise((resolve) => setTimeout(resolve, 20));
          open--;
        }
        return { totalRecords: 0, count: 0, resultTruncated: 'false', data: [] };
      },
    };
    const pacer = new QuotaPacer({ requests: 100 });
    const clients = { resourceGraph: client as unknown as ResourceGraphClient, pacer };
    await listResources(clients as unknown as AzureClients, subscriptions);
    expect(asked).toEqual([MAX_SUBSCRIPTIONS_PER_QUERY, MAX_SUBSCRIPTIONS_PER_QUERY, 1]);
    expect(mostOpen).toBe(3);
  });
});
