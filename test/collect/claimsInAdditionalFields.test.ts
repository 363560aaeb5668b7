import { describe, expect, it } from 'vitest';

import { LOG_ANALYTICS_SCHEMAS, runQuery, tableFromObjects } from '../../emulator/kql/index.js';
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY } from '../../src/collect/queries.js';
import { NOW } from '../checks/snapshotBuilder.js';
import { corpus } from '../conformance/corpus.js';

/**
 * Microsoft Learn, "AzureDiagnostics" (learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics,
 * section "AdditionalFields column"; MicrosoftDocs/azure-reference-other
 * azure-monitor-ref/tables/azurediagnostics.md): once the table has 500 columns, a new field goes
 * into the dynamic `AdditionalFields` as a property named without the column's type suffix. Its
 * example: the field NewInfo1 became the column `NewInfo1_s`, the later NewInfo2 became
 * `AdditionalFields.NewInfo2`; its tip sets a column `Perf1Sec_i` beside a property `Perf2Sec`.
 * So a claim that would have been the column `identity_claim_oid_g` is `AdditionalFields.identity_claim_oid`.
 * The aggregate once read only `AdditionalFields['identity_claim_oid_g']`: such callers went
 * unidentified, and a user's reads were dropped.
 */
const realRow = corpus<{ row: Record<string, unknown> }>('keyvault/azurediagnostics-secretget-row').payload
  .row;

/** The real row, its claim columns moved into AdditionalFields as Learn documents (no type suffix). */
function spilled(claims: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = { ...realRow, TimeGenerated: '2026-11-19T01:00:00Z' };
  for (const key of Object.keys(row)) if (key.startsWith('identity_claim_')) delete row[key];
  return { ...row, AdditionalFields: claims };
}

function aggregate(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const result = runQuery(
    KEY_VAULT_AUDIT_AGGREGATE_QUERY,
    { AzureDiagnostics: tableFromObjects(rows, LOG_ANALYTICS_SCHEMAS['AzureDiagnostics']) },
    { now: NOW },
  );
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
}

describe('Key Vault callers whose claims spilled into AdditionalFields', () => {
  it("are identified by an app's claims under their names without type suffix", () => {
    const [row] = aggregate([
      spilled({
        identity_claim_oid: '5d6059b6-368d-45f8-91e1-8e07d485f1d0',
        identity_claim_appid: '0e2a1b6c-5f43-4b1e-9a3a-1c2d3e4f5a6b',
        identity_claim_idtyp: 'app',
        identity_claim_xms_mirid:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-rg/providers/Microsoft.Web/sites/app',
      }),
    ]);
    expect(row).toMatchObject({
      callerKey: '5d6059b6-368d-45f8-91e1-8e07d485f1d0',
      callerObjectId: '5d6059b6-368d-45f8-91e1-8e07d485f1d0',
      callerAppId: '0e2a1b6c-5f43-4b1e-9a3a-1c2d3e4f5a6b',
      callerIdType: 'app',
      callerMiResourceId: expect.stringContaining('/sites/app'),
    });
  });

  it("are identified by a user's long claim names (objectidentifier, upn)", () => {
    const [row] = aggregate([
      spilled({
        identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier:
          'b2000000-0000-4000-8000-000000000007',
        identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn: 'grace@contoso.com',
      }),
    ]);
    expect(row).toMatchObject({
      callerKey: 'b2000000-0000-4000-8000-000000000007',
      callerUpn: 'grace@contoso.com',
    });
  });
});
