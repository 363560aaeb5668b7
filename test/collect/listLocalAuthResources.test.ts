import { describe, expect, it } from 'vitest';

import { listLocalAuthResources } from '../../src/collect/listLocalAuthResources.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY } from '../../src/collect/queryResourceGraph.js';
import { fakeBatchedResourceGraph } from '../support/fakeBatchedResourceGraph.js';

/** One resource in the first subscription of each batch; the first batch answers last. */
const fakeResourceGraph = (failBatchStartingWith?: string) =>
  fakeBatchedResourceGraph({
    rowsOf: (first) => [
      { id: `/subscriptions/${first}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st` },
    ],
    delayOf: (first) => (first === 's0' ? 40 : 5),
    ...(failBatchStartingWith ? { failBatchStartingWith } : {}),
  });

describe('local-auth resources past 1,000 subscriptions', () => {
  const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_QUERY * 2 + 1 }, (_, i) => `s${i}`);
  const subscriptionOfRow = (id: string) => id.split('/')[2];

  it('asks the batches at once and keeps their rows in the batches’ order, whichever answers first', async () => {
    const { clients, mostInFlight } = fakeResourceGraph();
    const { items, errors } = await listLocalAuthResources(clients, subscriptions);
    expect(errors).toEqual([]);
    expect(mostInFlight()).toBe(3);
    expect(items.map((r) => subscriptionOfRow(r.id))).toEqual([
      's0',
      `s${MAX_SUBSCRIPTIONS_PER_QUERY}`,
      `s${MAX_SUBSCRIPTIONS_PER_QUERY * 2}`,
    ]);
  });

  it('marks only the failed batch unread and keeps what the others read', async () => {
    const { clients } = fakeResourceGraph(`s${MAX_SUBSCRIPTIONS_PER_QUERY}`);
    const { items, errors } = await listLocalAuthResources(clients, subscriptions);
    expect(errors).toHaveLength(MAX_SUBSCRIPTIONS_PER_QUERY);
    expect(errors[0]).toMatchObject({
      scope: `/subscriptions/s${MAX_SUBSCRIPTIONS_PER_QUERY}`,
      statusCode: 403,
    });
    expect(items.map((r) => subscriptionOfRow(r.id))).toEqual(['s0', `s${MAX_SUBSCRIPTIONS_PER_QUERY * 2}`]);
  });
});
