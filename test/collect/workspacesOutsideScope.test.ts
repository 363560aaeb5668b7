import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';
import type { ResourceDiagnostics } from '../../src/collect/snapshot.js';
import { workspacesOutsideScope } from '../../src/collect/workspacesOutsideScope.js';

const PLATFORM = '5a000000-0000-4000-8000-000000000001';
const PROD = '5a000000-0000-4000-8000-000000000002';
const LAW = `/subscriptions/${PLATFORM}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-platform`;
const vault = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
const sendsTo = (vaultName: string, workspaceId: string, category = 'AuditEvent'): ResourceDiagnostics => ({
  resourceId: vault(vaultName),
  settings: [{ name: 's', workspaceId, logs: [{ category, enabled: true }] }],
});

/** Resource Graph that answers with the workspaces of `found` (id to customer id), or fails. */
function fakeClients(found: Record<string, string>, fail = false) {
  const queries: string[] = [];
  const resources = (request: { query: string }) => {
    queries.push(request.query);
    if (fail)
      return Promise.reject(new RestError('Forbidden', { statusCode: 403, code: 'AuthorizationFailed' }));
    const data = Object.entries(found)
      .filter(([id]) => request.query.includes(`'${id.toLowerCase()}'`))
      .map(([id, customerId]) => ({ id, subscriptionId: PLATFORM, properties: { customerId } }));
    return Promise.resolve({ totalRecords: data.length, count: data.length, resultTruncated: 'false', data });
  };
  const clients = {
    resourceGraph: { resources } as unknown as ResourceGraphClient,
    pacer: new QuotaPacer({ requests: 1000 }),
  } as unknown as AzureClients;
  return { clients, queries };
}

describe('workspacesOutsideScope', () => {
  it('finds the workspace outside the scope that audited vaults log to, kept to those vaults', async () => {
    const fake = fakeClients({ [LAW]: 'c1' });
    const found = await workspacesOutsideScope(
      fake.clients,
      [sendsTo('kv-a', LAW), sendsTo('kv-b', LAW.toUpperCase()), sendsTo('kv-metrics', LAW, 'AllMetrics')],
      new Set(),
      [PLATFORM],
    );
    expect(found).toEqual({
      workspaces: [
        {
          resourceId: LAW,
          customerId: 'c1',
          subscriptionId: PLATFORM,
          onlyVaults: [vault('kv-a').toLowerCase(), vault('kv-b').toLowerCase()],
        },
      ],
      errors: [],
    });
  });

  it('reads nothing for workspaces already queried, or outside every readable subscription', async () => {
    const fake = fakeClients({ [LAW]: 'c1' });
    const known = await workspacesOutsideScope(
      fake.clients,
      [sendsTo('kv-a', LAW)],
      new Set([LAW.toLowerCase()]),
      [PLATFORM],
    );
    const unscoped = await workspacesOutsideScope(fake.clients, [sendsTo('kv-a', LAW)], new Set(), []);
    expect([known, unscoped]).toEqual([
      { workspaces: [], errors: [] },
      { workspaces: [], errors: [] },
    ]);
    expect(fake.queries).toEqual([]);
  });

  it('names each workspace it could not look up', async () => {
    const fake = fakeClients({}, true);
    const found = await workspacesOutsideScope(fake.clients, [sendsTo('kv-a', LAW)], new Set(), [PLATFORM]);
    expect(found.workspaces).toEqual([]);
    expect(found.errors).toEqual([
      expect.objectContaining({ source: 'keyVaultLogs', scope: LAW.toLowerCase(), statusCode: 403 }),
    ]);
  });
});
