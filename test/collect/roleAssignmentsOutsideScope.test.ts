import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';
import { roleAssignmentsOutsideScope } from '../../src/collect/roleAssignmentsOutsideScope.js';

const sub = (n: number) => `5a000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const principal = (n: number) => `f6000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ROLE_ASSIGNMENT = (scope: string, n: number) =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/0c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * Clients whose Resource Graph answers every query in one page with `rows` (Resource Graph's
 * projection: the assignment id and its principal, lower-cased), or 403 for a batch starting with
 * `failBatchStartingWith`.
 */
function fakeClients(options: {
  rows?: { id: string; principalId: string }[];
  failBatchStartingWith?: string;
}) {
  const requests: { query: string; subscriptions: string[]; filter?: string }[] = [];
  const resourceGraph = {
    resources: (request: {
      query: string;
      subscriptions?: string[];
      options?: { authorizationScopeFilter?: string };
    }) => {
      const subscriptions = request.subscriptions ?? [];
      requests.push({
        query: request.query,
        subscriptions,
        ...(request.options?.authorizationScopeFilter
          ? { filter: request.options.authorizationScopeFilter }
          : {}),
      });
      if (subscriptions[0] === options.failBatchStartingWith)
        return Promise.reject(new RestError('Forbidden', { statusCode: 403 }));
      const data = options.rows ?? [];
      return Promise.resolve({
        totalRecords: data.length,
        count: data.length,
        resultTruncated: 'false',
        data,
      });
    },
  };
  const clients = {
    resourceGraph: resourceGraph as unknown as ResourceGraphClient,
    pacer: new QuotaPacer({ requests: 1000 }),
  } as unknown as AzureClients;
  return { clients, requests };
}

describe('roleAssignmentsOutsideScope', () => {
  it('reads nothing in an unscoped run, or without a principal to ask about', async () => {
    const fake = fakeClients({});
    const unscoped = await roleAssignmentsOutsideScope(fake.clients, [principal(1)], {
      subscriptions: [],
      managementGroups: [],
    });
    const nobody = await roleAssignmentsOutsideScope(fake.clients, [], {
      subscriptions: [sub(1)],
      managementGroups: [],
    });
    expect([unscoped, nobody]).toEqual([
      { roleAssignments: [], errors: [] },
      { roleAssignments: [], errors: [] },
    ]);
    expect(fake.requests).toEqual([]);
  });

  it('asks authorizationresources at, above and below the subscriptions outside for the principals only', async () => {
    const atGroup = ROLE_ASSIGNMENT('/providers/Microsoft.Management/managementGroups/platform', 1);
    const fake = fakeClients({
      rows: [
        { id: atGroup.toLowerCase(), principalId: principal(1) },
        { id: ROLE_ASSIGNMENT(`/subscriptions/${sub(1)}`, 2).toLowerCase(), principalId: principal(1) },
      ],
    });
    const read = await roleAssignmentsOutsideScope(fake.clients, [principal(1).toUpperCase()], {
      subscriptions: [sub(1), sub(3)],
      managementGroups: [],
    });
    expect(read).toEqual({
      roleAssignments: [
        { id: atGroup.toLowerCase(), principalId: principal(1) },
        { id: ROLE_ASSIGNMENT(`/subscriptions/${sub(1)}`, 2).toLowerCase(), principalId: principal(1) },
      ],
      errors: [],
    });
    expect(fake.requests).toMatchObject([
      { subscriptions: [sub(1), sub(3)], filter: 'AtScopeAboveAndBelow' },
    ]);
    expect(fake.requests[0]!.query).toMatch(/^authorizationresources/);
    expect(fake.requests[0]!.query).toContain(`in ('${principal(1)}')`);
  });

  it('names at most 100 principals a query, so a query stays small', async () => {
    const fake = fakeClients({});
    await roleAssignmentsOutsideScope(
      fake.clients,
      Array.from({ length: 230 }, (_, i) => principal(i)),
      { subscriptions: [sub(1)], managementGroups: [] },
    );
    expect(fake.requests.map((r) => r.query.match(/'f6/g)?.length)).toEqual([100, 100, 30]);
  });

  it('records a failed read as an error of its own source at every subscription it asked', async () => {
    const fake = fakeClients({ failBatchStartingWith: sub(1) });
    const read = await roleAssignmentsOutsideScope(fake.clients, [principal(1)], {
      subscriptions: [sub(1), sub(3)],
      managementGroups: [],
    });
    expect(read.errors.map((e) => [e.source, e.scope, e.statusCode])).toEqual([
      ['identityUse', `/subscriptions/${sub(1)}`, 403],
      ['identityUse', `/subscriptions/${sub(3)}`, 403],
    ]);
  });
});
