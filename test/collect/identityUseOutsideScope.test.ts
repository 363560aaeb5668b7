import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { identityUseOutsideScope } from '../../src/collect/identityUseOutsideScope.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

const sub = (n: number) => `5a000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const identity = (s: string, name: string) =>
  `/subscriptions/${s}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

/**
 * Clients whose Resource Graph answers every query in one page with `references` (ids of the
 * identities some resource lists, in Resource Graph's lower case), or 403 for a batch starting with
 * `failBatchStartingWith`; and whose policy lists give `policyIdentities` per subscription.
 */
function fakeClients(options: {
  references?: string[];
  failBatchStartingWith?: string;
  policyIdentities?: Record<string, string[]>;
}) {
  const queries: { query: string; subscriptions: string[] }[] = [];
  const policyLists: string[] = [];
  const resourceGraph = {
    resources: (request: { query: string; subscriptions?: string[] }) => {
      const subscriptions = request.subscriptions ?? [];
      queries.push({ query: request.query, subscriptions });
      if (subscriptions[0] === options.failBatchStartingWith)
        return Promise.reject(new RestError('Forbidden', { statusCode: 403 }));
      const data = (options.references ?? []).map((identityId) => ({ id: '/r', identityId }));
      return Promise.resolve({
        totalRecords: data.length,
        count: data.length,
        resultTruncated: 'false',
        data,
      });
    },
  };
  async function* list(s: string) {
    policyLists.push(s);
    await Promise.resolve();
    for (const id of options.policyIdentities?.[s] ?? [])
      yield {
        id: `/subscriptions/${s}/providers/Microsoft.Authorization/policyAssignments/p`,
        identity: { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } },
      };
  }
  const clients = {
    resourceGraph: resourceGraph as unknown as ResourceGraphClient,
    pacer: new QuotaPacer({ requests: 1000 }),
    policy: (s: string) => ({
      policyAssignments: { list: () => list(s), listForManagementGroup: () => list(`group of ${s}`) },
    }),
  } as unknown as AzureClients;
  return { clients, queries, policyLists };
}

describe('identityUseOutsideScope', () => {
  it('reads nothing in an unscoped run, or when no identity of the scope is attached to nothing', async () => {
    const fake = fakeClients({});
    const none = await identityUseOutsideScope(fake.clients, [identity(sub(2), 'a')], {
      subscriptions: [],
      managementGroups: [],
    });
    const noCandidate = await identityUseOutsideScope(fake.clients, [], {
      subscriptions: [sub(1)],
      managementGroups: ['platform'],
    });
    expect([none, noCandidate]).toEqual([
      { attached: [], policyAssignments: { items: [], errors: [] }, errors: [] },
      { attached: [], policyAssignments: { items: [], errors: [] }, errors: [] },
    ]);
    expect(fake.queries).toEqual([]);
    expect(fake.policyLists).toEqual([]);
  });

  it('asks the subscriptions outside the scope for references to the identities, and lists no policies once all are used', async () => {
    const fake = fakeClients({ references: [identity(sub(2), 'a').toLowerCase()] });
    const use = await identityUseOutsideScope(fake.clients, [identity(sub(2), 'a')], {
      subscriptions: [sub(1), sub(3)],
      managementGroups: ['platform'],
    });
    expect(use.attached).toEqual([identity(sub(2), 'a').toLowerCase()]);
    expect(use.errors).toEqual([]);
    // Resources and Batch pools, each asked of the subscriptions outside, for the identities' own.
    expect(fake.queries.map((q) => [q.query.split('\n')[0], q.subscriptions])).toEqual([
      ['resources', [sub(1), sub(3)]],
      ['batchresources', [sub(1), sub(3)]],
    ]);
    expect(fake.queries[0]!.query).toContain(`in ('${sub(2)}')`);
    expect(fake.policyLists).toEqual([]);
  });

  it('lists the policy assignments outside the scope while an identity is still attached to nothing', async () => {
    const fake = fakeClients({ policyIdentities: { [sub(1)]: [identity(sub(2), 'a')] } });
    const use = await identityUseOutsideScope(fake.clients, [identity(sub(2), 'a')], {
      subscriptions: [sub(1)],
      managementGroups: ['decommissioned'],
    });
    expect(fake.policyLists.sort()).toEqual([sub(1), `group of ${sub(1)}`]);
    expect(use.policyAssignments.items.map((p) => p.identityIds)).toEqual([
      [identity(sub(2), 'a').toLowerCase()],
    ]);
  });

  it('names every identity subscription in queries of at most 100, so a query stays small', async () => {
    const fake = fakeClients({});
    const candidates = Array.from({ length: 250 }, (_, i) => identity(sub(1000 + i), 'a'));
    await identityUseOutsideScope(fake.clients, candidates, {
      subscriptions: [sub(1)],
      managementGroups: [],
    });
    const named = fake.queries
      .filter((q) => q.query.startsWith('resources'))
      .map((q) => q.query.match(/'5a0/g)?.length);
    expect(named).toEqual([100, 100, 50]);
  });

  it('records a failed read as one error at every subscription it asked', async () => {
    const fake = fakeClients({ failBatchStartingWith: sub(1) });
    const use = await identityUseOutsideScope(fake.clients, [identity(sub(2), 'a')], {
      subscriptions: [sub(1), sub(3)],
      managementGroups: [],
    });
    expect(use.errors.map((e) => [e.source, e.scope, e.statusCode])).toEqual([
      ['identityUse', `/subscriptions/${sub(1)}`, 403],
      ['identityUse', `/subscriptions/${sub(3)}`, 403],
    ]);
  });
});
