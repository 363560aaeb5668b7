import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { readFixture } from '../support/testEmulator.js';

/**
 * Issue #12's "done when": the clean tenant (emulator/fixtures/clean-tenant.json, no findings) plus
 * the shapes real tenants have and our own picture of Azure once missed, each audited end to end
 * through the emulator and the real @azure/* clients:
 * - kv-shop logs the `audit` category group, kv-legacy `allLogs` (2021-05-01-preview shapes,
 *   test/conformance/corpus/monitor/diagnostic-settings-list-category-group.jsonc), kv-partner only
 *   to a marketplace partner (workspaceId "", marketplacePartnerId: corpus
 *   monitor/diagnostic-setting-marketplace-partner.jsonc): none of them lacks audit logging, as
 *   docs/contract.md's rule for kv-audit-logging-missing counts any destination.
 * - law-ops holds only AZKVAuditLogs, law-legacy only AzureDiagnostics (a table exists only once it
 *   received rows; naming a missing one is SEM0100, corpus loganalytics/unknown-table-sem0100.jsonc):
 *   the log checks still run and the audit is complete.
 * - kv-mixed switched to resource-specific mode inside law-mixed: id-shop-jobs read 15 distinct
 *   secrets before (AzureDiagnostics rows in the corpus keyvault/azurediagnostics-secretget-row.jsonc
 *   shape) and 12 others after (AZKVAuditLogs).
 * - Gita Vendor is a guest (userType Guest) whose UPN has no #EXT#, as an "internal guest" has
 *   (learn.microsoft.com/entra/external-id/user-properties); getByIds omits userType unless $select
 *   names it (corpus graph/getbyids-default-user-properties.jsonc).
 * - id-gh-deploy is attached to nothing but has a GitHub federated credential, an ARM child that
 *   Resource Graph does not hold (corpus msi/federated-identity-credentials-list.jsonc);
 *   id-leftover has neither an attachment nor a federated credential.
 */
const REAL_SHAPES_TENANT = fileURLToPath(new URL('./fixtures/real-shapes-tenant.json', import.meta.url));

const SUB = '/subscriptions/6b000000-0000-4000-8000-000000000001';

/** The findings derived by hand from the fixture's design, as `checkId resourceId severity`. */
const EXPECTED = [
  // 15 distinct secrets in AzureDiagnostics + 12 others in AZKVAuditLogs = 27 >= 25 (the default
  // KV_MASS_RETRIEVAL_THRESHOLD), counted across both tables of law-mixed: one finding on the vault.
  `kv-secret-mass-retrieval ${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-mixed high`,
  // Owner on rg-ops held by a guest known as one only by userType (no #EXT# in the UPN): one finding
  // on the role assignment. A resource-group Owner is not broad scope, nor counted among the
  // subscription's owners, so no other role check fires.
  `rbac-guest-privileged ${SUB}/resourceGroups/rg-ops/providers/Microsoft.Authorization/roleAssignments/ac000000-0000-4000-8000-000000000011 high`,
  // Attached to nothing, no federated credential, no role assignment: low. id-gh-deploy is in use
  // through its federated credential and gives no finding.
  `mi-user-assigned-unused ${SUB}/resourceGroups/rg-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-leftover low`,
  // local-auth-enabled: no resource of the fixture turns local authentication off, so Azure's
  // defaults hold (shared keys on the storage account, workspace keys, basic publishing credentials
  // on both sites, which have no basicPublishingCredentialsPolicies children).
  `local-auth-enabled ${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stshop01 high`,
  `local-auth-enabled ${SUB}/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-shop medium`,
  `local-auth-enabled ${SUB}/resourceGroups/rg-audit/providers/Microsoft.Web/sites/func-mi-auditor medium`,
  `local-auth-enabled ${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-legacy medium`,
  `local-auth-enabled ${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-mixed medium`,
  `local-auth-enabled ${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops medium`,
].sort();

describe('a tenant in the shapes real Azure has', () => {
  let stack: MemoryAudit;
  afterAll(() => stack.stop());

  it('is audited complete, with exactly the findings its design implies', async () => {
    stack = await startMemoryAudit(readFixture(REAL_SHAPES_TENANT));
    const { report } = await runTimer();

    expect(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.error ?? ''}`)).toEqual(
      [],
    );
    expect(report.status).toBe('complete');
    expect(report.findings.map((f) => `${f.checkId} ${f.resourceId} ${f.severity}`).sort()).toEqual(EXPECTED);

    // Every vault was judged by its diagnostic settings (four vaults) and every user-assigned
    // identity looked at (three), so the absences above are passes, not gaps.
    const evaluated = new Map(report.checks.map((c) => [c.id, c.evaluated]));
    expect(evaluated.get('kv-audit-logging-missing')).toBe(4);
    expect(evaluated.get('mi-user-assigned-unused')).toBe(3);

    // Both halves of the mixed-mode reads were counted together.
    const mass = report.findings.find((f) => f.checkId === 'kv-secret-mass-retrieval');
    expect(mass?.evidence).toMatchObject({ distinctSecrets: 27 });
    // Every workspace was read, the single-table ones included, and nothing failed to be read
    // (a missing table answered SEM0100 would be a coverage error).
    expect(report.coverage.errors).toEqual([]);
    expect(
      report.coverage.workspaces
        .map((w) => `${w.resourceId.split('/').pop()!.toLowerCase()} ${w.read}`)
        .sort(),
    ).toEqual(['law-legacy true', 'law-mixed true', 'law-ops true']);
  }, 120_000);
});
