import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { listRoleAssignmentsFromGraph } from '../../src/collect/listRoleDataFromGraph.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY } from '../../src/collect/queryResourceGraph.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

const ROLE = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** One assignment at the first subscription of each batch, and one at the root group that every batch sees. */
function fakeResourceGraph(failBatchStartingWith?: string, delayOf: (first: string) => number = () => 5) {
  let inFlight = 0;
  let mostInFlight = 0;
  const client = {
    resources: async (request: { subscriptions?: string[] }) => {
      const first = request.subscriptions?.[0] ?? '';
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayOf(first)));
      inFlight--;
      if (first === failBatchStartingWith) throw new RestError('Forbidden', { statusCode: 403 });
      const row = (scope: string, name: string) => ({
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        properties: { scope, roleDefinitionId: ROLE, principalId: name, principalType: 'User' },
      });
      const data = [
        row(`/subscriptions/${first}`, `a-${first}`),
        row('/providers/Microsoft.Management/managementGroups/root', 'a-root'),
      ];
      return { totalRecords: data.length, count: data.length, resultTruncated: 'false', data };
    },
  };
  const clients = {
    resourceGraph: client as unknown as ResourceGraphClient,
    pacer: new QuotaPacer({ requests: 100 }),
  } as unknown as AzureClients;
  return { clients, mostInFlight: () => mostInFlight };
}

describe('role assignments from Resource Graph past 1,000 subscriptions', () => {
  const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_QUERY * 2 + 1 }, (_, i) => `s${i}`);

  it('reads every batch and keeps each assignment once, however many batches see it', async () => {
    const { clients } = fakeResourceGraph();
    const { items, errors } = await listRoleAssignmentsFromGraph(clients, subscriptions);
    expect(errors).toEqual([]);
    expect(items.map((a) => a.name).sort()).toEqual(
      ['a-root', 'a-s0', `a-s${MAX_SUBSCRIPTIONS_PER_QUERY}`, `a-s${MAX_SUBSCRIPTIONS_PER_QUERY * 2}`].sort(),
    );
  });

  it('pages the batches at once under the shared pacer', async () => {
    const { clients, mostInFlight } = fakeResourceGraph();
    await listRoleAssignmentsFromGraph(clients, subscriptions);
    expect(mostInFlight()).toBe(3);
  });

  it('keeps the batches in their order, whichever answers first', async () => {
    // The first batch answers last.
    const { clients } = fakeResourceGraph(undefined, (first) => (first === 's0' ? 40 : 5));
    const { items } = await listRoleAssignmentsFromGraph(clients, subscriptions);
    expect(items.map((a) => a.name)).toEqual([
      'a-s0',
      'a-root',
      `a-s${MAX_SUBSCRIPTIONS_PER_QUERY}`,
      `a-s${MAX_SUBSCRIPTIONS_PER_QUERY * 2}`,
    ]);
  });

  it('marks only the failed batch unread and keeps what the others read', async () => {
    const { clients } = fakeResourceGraph(`s${MAX_SUBSCRIPTIONS_PER_QUERY}`);
    const { items, errors } = await listRoleAssignmentsFromGraph(clients, subscriptions);
    expect(errors).toHaveLength(MAX_SUBSCRIPTIONS_PER_QUERY);
    expect(errors[0]).toMatchObject({
      scope: `/subscriptions/s${MAX_SUBSCRIPTIONS_PER_QUERY}`,
      statusCode: 403,
    });
    expect(items.map((a) => a.name).sort()).toEqual([
      'a-root',
      'a-s0',
      `a-s${MAX_SUBSCRIPTIONS_PER_QUERY * 2}`,
    ]);
  });
});
