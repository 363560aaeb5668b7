import { ManagedIdentityCredential } from '@azure/identity';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateTenant } from '../../emulator/generateTenant.js';
import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createPartialErrorWitness } from '../../src/collect/logQueryPartialErrors.js';
import { queryKeyVaultLogs } from '../../src/collect/queryKeyVaultLogs.js';
import type { KeyVaultAccessAggregate } from '../../src/collect/snapshot.js';
import { startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

// Log Analytics cuts a result at 500,000 records or ~100 MB and reports E_QUERY_RESULT_SET_TOO_LARGE
// as a partial failure (learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits#la-query-api,
// learn.microsoft.com/kusto/concepts/result-truncation). The emulators below cut far earlier: one
// vault's aggregate fits in 150 rows, the whole tenant's does not; 40 rows is less than one vault's.
const tenant = generateTenant({ seed: 11, resources: 200, vaults: 12, logRows: 3000, assignments: 10 });
const fixtureNow = new Date(tenant['now'] as string);
const workspace = (tenant['workspaces'] as { resourceId: string; customerId: string }[])[0]!;
const workspaces = [
  { resourceId: workspace.resourceId, customerId: workspace.customerId, subscriptionId: 's' },
];
const window = { start: new Date(fixtureNow.getTime() - 7 * 86_400_000), end: fixtureNow, duration: 'P7D' };

/** One vault, two callers refused at the same instant: no split can bring it under a 1-row limit. */
const oneInstant = {
  ...tenant,
  workspaces: [
    {
      ...workspace,
      tables: {
        AzureDiagnostics: [],
        AZKVAuditLogs: ['o1', 'o2'].map((oid) => ({
          TimeGenerated: '2026-11-19T06:00:00Z',
          OperationName: 'SecretGet',
          HttpStatusCode: 403,
          Identity: { claim: { oid, idtyp: 'app' } },
          _ResourceId: '/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1',
          Id: 'https://kv1.vault.azure.net/secrets/a/1',
        })),
      },
    },
  ],
};

let whole: RunningEmulator;
let cutting: RunningEmulator;
let cuttingHard: RunningEmulator;
let cuttingOneInstant: RunningEmulator;
beforeAll(async () => {
  whole = await startTestEmulator(tenant);
  cutting = await startTestEmulator(tenant, { logQueryLimits: { rows: 150 } });
  cuttingHard = await startTestEmulator(tenant, { logQueryLimits: { rows: 40 } });
  cuttingOneInstant = await startTestEmulator(oneInstant, { logQueryLimits: { rows: 1 } });
  useEmulatorEnv(whole, vi.stubEnv);
});
afterAll(async () => {
  await Promise.all([whole.stop(), cutting.stop(), cuttingHard.stop(), cuttingOneInstant.stop()]);
});

/** The Log Analytics client as createAzureClients builds it: with the truncation witness. */
const logsOf = (e: RunningEmulator) => {
  const witness = createPartialErrorWitness();
  return {
    logs: new LogsQueryClient(new ManagedIdentityCredential(), {
      endpoint: e.urls.logAnalytics,
      additionalPolicies: [{ policy: witness.policy, position: 'perCall' }],
    }),
    logsPartialErrors: witness,
  };
};
const key = (a: KeyVaultAccessAggregate) =>
  [a.vaultId, a.callerObjectId, a.operation, a.httpStatus, a.tables.join('+')].join('|');
/** Events per vault, caller, operation and status: what any split must preserve. */
function totals(aggregates: readonly KeyVaultAccessAggregate[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of aggregates) out[key(a)] = (out[key(a)] ?? 0) + a.count;
  return out;
}

// Splitting down to one-minute slices asks the emulator dozens of queries: on a shared 2-core machine
// under load that took over 30 s. A safety limit, not a speed assertion (speed is `npm run bench`'s).
describe('queryKeyVaultLogs', { timeout: 120_000 }, () => {
  it('reads everything in one aggregate query per table when it fits', async () => {
    const result = await queryKeyVaultLogs(logsOf(whole), workspaces, window);
    expect(result.errors).toEqual([]);
    expect(result.workspaces[0]!.read).toBe(true);
    expect(result.aggregates.length).toBeGreaterThan(40);
  });

  it('splits by vault before the result would pass the limit, losing no aggregate row', async () => {
    const reference = await queryKeyVaultLogs(logsOf(whole), workspaces, window);
    const before = cutting.apiCalls['logAnalytics'] ?? 0;
    // 250 raw rows a query: the 3,000 rows of 12 vaults go in runs of one vault each.
    const split = await queryKeyVaultLogs(logsOf(cutting), workspaces, window, {
      resultRows: 150,
      rawRowsPerQuery: 250,
    });
    expect(split.errors).toEqual([]);
    expect((cutting.apiCalls['logAnalytics'] ?? 0) - before).toBeGreaterThan(12);
    expect(split.aggregates.map(key).sort()).toEqual(reference.aggregates.map(key).sort());
    expect(totals(split.aggregates)).toEqual(totals(reference.aggregates));
  });

  it('splits a truncated result by time when one vault alone is too large, keeping every event', async () => {
    const reference = await queryKeyVaultLogs(logsOf(whole), workspaces, window);
    // A raw-row budget the volume query never reaches: only the service's cut triggers the splits.
    const split = await queryKeyVaultLogs(logsOf(cuttingHard), workspaces, window, {
      resultRows: 500_000,
      rawRowsPerQuery: 1_000_000,
    });
    expect(split.errors).toEqual([]);
    expect(totals(split.aggregates)).toEqual(totals(reference.aggregates));
  });

  it('kept to some vaults (a workspace outside a scoped run), returns theirs only, though a range holds others', async () => {
    const reference = await queryKeyVaultLogs(logsOf(whole), workspaces, window);
    const vaults = [...new Set(reference.aggregates.map((a) => a.vaultId))].sort();
    // The first and third vault: the range between them holds the second.
    const kept = [vaults[0]!, vaults[2]!];
    const before = whole.apiCalls['logAnalytics'] ?? 0;
    const result = await queryKeyVaultLogs(
      logsOf(whole),
      workspaces.map((w) => ({ ...w, onlyVaults: kept.map((v) => v.toUpperCase()) })),
      window,
    );
    expect(result.errors).toEqual([]);
    expect(result.workspaces).toEqual([{ ...workspaces[0], read: true }]);
    expect(totals(result.aggregates)).toEqual(
      totals(reference.aggregates.filter((a) => kept.includes(a.vaultId))),
    );
    // The volume query and one aggregate over the range: never the whole workspace's aggregate.
    expect((whole.apiCalls['logAnalytics'] ?? 0) - before).toBe(2);
  });

  it('keeps the rows of a result it cannot split further and reports the truncation', async () => {
    const result = await queryKeyVaultLogs(logsOf(cuttingOneInstant), workspaces, window);
    expect(result.aggregates).toHaveLength(1);
    expect(result.errors).toEqual([
      expect.objectContaining({
        source: 'keyVaultLogs',
        scope: workspace.resourceId,
        code: 'E_QUERY_RESULT_SET_TOO_LARGE',
        message: expect.stringMatching(/Key Vault audit logs \(vault .*kv1, .*\): the result was truncated/),
      }),
    ]);
  });
});
