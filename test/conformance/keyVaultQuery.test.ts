import { describe, expect, it } from 'vitest';

import {
  LOG_ANALYTICS_SCHEMAS,
  runQuery,
  tableFromObjects,
  type KqlTable,
} from '../../emulator/kql/index.js';
import { evaluate as massRetrieval } from '../../src/checks/kv-secret-mass-retrieval/evaluate.js';
import { toRoleAssignment } from '../../src/collect/normalize.js';
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY } from '../../src/collect/queries.js';
import type { KeyVaultAccessAggregate } from '../../src/collect/snapshot.js';
import { emptySnapshot, NOW } from '../checks/snapshotBuilder.js';
import { corpus } from './corpus.js';

/**
 * The Key Vault log query over real rows: the AzureDiagnostics row exported from a real workspace
 * (corpus keyvault/azurediagnostics-secretget-row) and AZKVAuditLogs rows in that table's documented
 * schema (corpus keyvault/azkvauditlogs-columns), run by the emulator's KQL engine.
 */

const realRow = corpus<{ row: Record<string, any> }>('keyvault/azurediagnostics-secretget-row').payload.row;
const azkvColumns = corpus<{ columns: string[] }>('keyvault/azkvauditlogs-columns').payload.columns;
const VAULT = realRow['ResourceId'] as string;
const CALLER = '5d6059b6-368d-45f8-91e1-8e07d485f1d0';

/** The real row as this caller's read of `secret`, optionally with claim columns spilled into AdditionalFields. */
function diagnosticsRow(secret: string, spill = false): Record<string, unknown> {
  const row: Record<string, unknown> = {
    ...realRow,
    TimeGenerated: '2026-11-19T01:00:00Z',
    id_s: `https://example-vault.vault.azure.net/secrets/${secret}/00000000000000000000000000000000`,
    identity_claim_oid_g: CALLER,
  };
  if (!spill) return row;
  // Past 500 columns Log Analytics moves further columns into the dynamic AdditionalFields
  // (learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics).
  const additional: Record<string, unknown> = {};
  for (const key of Object.keys(row).filter((k) => k.startsWith('identity_claim_'))) {
    additional[key] = row[key];
    delete row[key];
  }
  return { ...row, AdditionalFields: additional };
}

/** An AZKVAuditLogs row (documented columns only) for the same caller's read of `secret`. */
function azkvRow(secret: string): Record<string, unknown> {
  const row = {
    TimeGenerated: '2026-11-19T03:00:00Z',
    OperationName: 'SecretGet',
    HttpStatusCode: 200,
    Id: `https://example-vault.vault.azure.net/secrets/${secret}/1f7f2b0e`,
    CallerIpAddress: '10.0.0.4',
    Identity: { claim: { oid: CALLER, appid: realRow['identity_claim_appid_g'], idtyp: 'app' } },
    _ResourceId: VAULT.toLowerCase(),
  };
  for (const key of Object.keys(row)) {
    expect(azkvColumns.some((c) => c.startsWith(`${key}:`))).toBe(true);
  }
  return row;
}

const table = (name: string, rows: Record<string, unknown>[]): KqlTable =>
  tableFromObjects(rows, LOG_ANALYTICS_SCHEMAS[name]);

function aggregates(tables: Record<string, KqlTable>): Record<string, unknown>[] {
  const result = runQuery(KEY_VAULT_AUDIT_AGGREGATE_QUERY, tables, { now: NOW });
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
}

describe('the Key Vault audit query', () => {
  it('runs on a workspace that has only one of the two tables (union isfuzzy=true)', () => {
    expect(aggregates({ AzureDiagnostics: table('AzureDiagnostics', [diagnosticsRow('a')]) })).toHaveLength(
      1,
    );
    expect(aggregates({ AZKVAuditLogs: table('AZKVAuditLogs', [azkvRow('a')]) })).toHaveLength(1);
  });

  it('identifies callers whose claim columns spilled into AdditionalFields (defect 7)', () => {
    const [row] = aggregates({ AzureDiagnostics: table('AzureDiagnostics', [diagnosticsRow('a', true)]) });
    expect(row).toMatchObject({
      callerObjectId: CALLER,
      callerAppId: realRow['identity_claim_appid_g'],
      callerIdType: 'app',
      callerKey: CALLER,
    });
  });

  it('counts distinct secrets across both tables for a vault that changed modes (defect 8)', () => {
    const legacy = Array.from({ length: 15 }, (_, i) => diagnosticsRow(`legacy-${i}`));
    const specific = Array.from({ length: 12 }, (_, i) => azkvRow(`new-${i}`));
    // One secret read in both modes counts once.
    legacy.push(diagnosticsRow('new-0'));
    const rows = aggregates({
      AzureDiagnostics: table('AzureDiagnostics', legacy),
      AZKVAuditLogs: table('AZKVAuditLogs', specific),
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ distinctObjects: 27, events: 28 });
    expect([...(rows[0]!['tables'] as string[])].sort()).toEqual(['AZKVAuditLogs', 'AzureDiagnostics']);

    const aggregate: KeyVaultAccessAggregate = {
      vaultId: String(rows[0]!['vaultId']),
      operation: 'SecretGet',
      httpStatus: 200,
      callerObjectId: CALLER,
      callerIps: [],
      count: 28,
      distinctObjects: Number(rows[0]!['distinctObjects']),
      firstSeen: '2026-11-19T01:00:00Z',
      lastSeen: '2026-11-19T03:00:00Z',
      tables: ['AZKVAuditLogs', 'AzureDiagnostics'],
      workspaceId: 'ws',
    };
    const snapshot = emptySnapshot();
    const result = massRetrieval(
      { ...snapshot, keyVaultLogs: { ...snapshot.keyVaultLogs, aggregates: [aggregate] } },
      { now: NOW, kvMassRetrievalThreshold: 25, maxOwners: 3 },
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toContain('read 27 distinct secrets');
  });
});

describe('normalize (defect 5: dates)', () => {
  it('keeps createdOn that @azure/arm-authorization turned into a Date', () => {
    const a = toRoleAssignment({
      id: '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/r',
      name: 'r',
      properties: {
        scope: '/subscriptions/s',
        roleDefinitionId:
          '/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d',
        principalId: 'ce2ce14e-85d7-4629-bdbc-454d0519d987',
        principalType: 'User',
        createdOn: new Date('2018-11-29T18:46:55.049Z'),
      },
    });
    expect(a.createdOn).toBe('2018-11-29T18:46:55.049Z');
  });
});
