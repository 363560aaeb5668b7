import { describe, expect, it } from 'vitest';

import { listRoleAssignmentsFromGraph } from '../../src/collect/listRoleDataFromGraph.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY } from '../../src/collect/queryResourceGraph.js';
import { fakeBatchedResourceGraph } from '../support/fakeBatchedResourceGraph.js';

const ROLE = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** One assignment at the first subscription of each batch, and one at the root group that every batch sees. */
function fakeResourceGraph(failBatchStartingWith?: string, delayOf?: (first: string) => number) {
  const row = (scope: string, name: string) => ({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    properties: { scope, roleDefinitionId: ROLE, principalId: name, principalType: 'User' },
  });
  return fakeBatchedResourceGraph({
    rowsOf: (first) => [
      row(`/subscriptions/${first}`, `a-${first}`),
      row('/providers/Microsoft.Management/managementGroups/root', 'a-root'),
    ],
    ...(delayOf ? { delayOf } : {}),
    ...(failBatchStartingWith ? { failBatchStartingWith } : {}),
  });
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
