import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LocalStack } from '../../emulator/localStack.js';
import type { AuditResult } from '../../src/pipeline/runAudit.js';
import type { ReportFinding } from '../../src/report/reportModel.js';
import { startLocalAudit, runTimer } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const demo = readFixture(DEMO_TENANT);
const names = new Map<string, string>(demo.principals.map((p: any) => [p.id.toLowerCase(), p.displayName]));
const last = (id: string) => id.split('/').filter(Boolean).pop()!;

/** A finding as a person would name it: check, severity, and what it is about. */
function label(f: ReportFinding): string {
  const who = f.principalId ? (names.get(f.principalId) ?? f.principalId) : '';
  if (/\/role(assignments|eligibilityschedules)\//i.test(f.resourceId)) {
    return `${f.checkId} ${f.severity} ${who}@${last(String(f.evidence['scope']))}${f.evidence['assignmentType'] === 'eligible' ? ' (eligible)' : ''}`;
  }
  const operation = f.evidence['operation'];
  const op = typeof operation === 'string' ? ` ${operation}` : '';
  return `${f.checkId} ${f.severity} ${last(f.resourceId)}${who ? ` ${who}` : ''}${op}`;
}

/**
 * Every finding the demo tenant must produce, derived by hand from emulator/fixtures/demo-tenant.json
 * (see the comments there): nothing more, nothing less.
 */
const EXPECTED = [
  // Resources that support managed identities but have none.
  'mi-resource-without-identity high apim-contoso',
  'mi-resource-without-identity high caj-nightly-export',
  'mi-resource-without-identity high vm-batch01',
  'mi-resource-without-identity high wf-invoices',
  'mi-resource-without-identity high app-legacy-portal',
  'mi-resource-without-identity high func-billing',
  'mi-resource-without-identity high staging',
  'mi-resource-without-identity high aa-dev',
  'mi-resource-without-identity high app-dev-sandbox',
  'mi-resource-without-identity medium sql-orders',
  'mi-resource-without-identity medium cog-dev-openai',
  'mi-resource-without-identity informational law-platform',
  'mi-resource-without-identity informational sb-orders',
  'mi-resource-without-identity informational stprodorders01',
  'mi-user-assigned-unused medium id-legacy-batch id-legacy-batch',
  'mi-user-assigned-unused low id-spare f6000000-0000-4000-8000-000000000004',
  // Key Vault posture.
  'kv-audit-logging-missing high kv-legacy',
  'kv-audit-logging-missing high kv-dev',
  'kv-access-policy-model medium kv-legacy',
  'kv-access-policy-model medium kv-dev',
  // Key Vault log content (AZKVAuditLogs for kv-orders, AzureDiagnostics for kv-platform).
  'kv-access-denied medium kv-orders Victor Vendor',
  'kv-access-denied medium kv-platform 98000000-0000-4000-8000-000000000001',
  'kv-non-managed-identity-caller high kv-orders ci-deployer',
  'kv-non-managed-identity-caller high kv-orders Bob Smith',
  'kv-non-managed-identity-caller high kv-platform legacy-sync',
  'kv-non-managed-identity-caller high kv-platform Carol Diaz',
  'kv-secret-mass-retrieval high kv-orders Bob Smith',
  'kv-sensitive-operation medium kv-orders Bob Smith SecretDelete',
  'kv-sensitive-operation high kv-orders Bob Smith SecretPurge',
  'kv-sensitive-operation medium kv-platform Carol Diaz KeyBackup',
  // Role assignments.
  'rbac-privileged-role-broad-scope critical Erin Park@platform',
  'rbac-privileged-role-broad-scope critical Platform Admins@landing-zones',
  'rbac-privileged-role-broad-scope high Carol Diaz@5a000000-0000-4000-8000-000000000001',
  'rbac-privileged-role-broad-scope medium Bob Smith@5a000000-0000-4000-8000-000000000001',
  'rbac-privileged-role-broad-scope high Ann Lee@5a000000-0000-4000-8000-000000000002',
  'rbac-privileged-role-broad-scope high Bob Smith@5a000000-0000-4000-8000-000000000002',
  'rbac-privileged-role-broad-scope high Dave Kim@5a000000-0000-4000-8000-000000000002',
  'rbac-privileged-role-broad-scope medium ci-deployer@5a000000-0000-4000-8000-000000000002',
  'rbac-privileged-role-broad-scope high legacy-sync@5a000000-0000-4000-8000-000000000003',
  'rbac-privileged-role-broad-scope high Ann Lee@5a000000-0000-4000-8000-000000000004',
  'rbac-privileged-role-broad-scope medium Erin Park@5a000000-0000-4000-8000-000000000002 (eligible)',
  'rbac-custom-role-overly-permissive critical c0de0000-0000-4000-8000-000000000001',
  'rbac-too-many-owners low 5a000000-0000-4000-8000-000000000001',
  'rbac-too-many-owners medium 5a000000-0000-4000-8000-000000000002',
  'rbac-service-principal-privileged high ci-deployer@5a000000-0000-4000-8000-000000000002',
  'rbac-service-principal-privileged high legacy-sync@5a000000-0000-4000-8000-000000000003',
  'rbac-guest-privileged high Victor Vendor@rg-orders',
  'rbac-keyvault-data-role-broad-scope high Dave Kim@platform',
  'rbac-keyvault-data-role-broad-scope high app-payments@5a000000-0000-4000-8000-000000000004',
  'rbac-orphaned-assignment low 99999999-0000-4000-8000-000000000001@5a000000-0000-4000-8000-000000000003',
  'auditor-excess-permissions high func-mi-auditor@5a000000-0000-4000-8000-000000000001',
  // Secrets (see $secretsComment in the fixture). Local auth still on: every resource of a service in
  // local-auth-enabled's table that has no setting turning it off (Azure's default is on), except
  // stmiauditor01, cosmos-orders, aks-prod and law-platform (turned off) and func-mi-auditor (ftp and
  // scm policies allow false). app-payments allows ftp only. Resource ids name the resource.
  'local-auth-enabled high cog-dev-openai',
  'local-auth-enabled high sb-orders',
  'local-auth-enabled high sql-orders',
  'local-auth-enabled high stdevscratch01',
  'local-auth-enabled high stpayarchive01',
  'local-auth-enabled high stprodorders01',
  'local-auth-enabled medium aa-dev',
  'local-auth-enabled medium aa-platform-runbooks',
  'local-auth-enabled medium app-dev-sandbox',
  'local-auth-enabled medium app-legacy-portal',
  'local-auth-enabled medium app-orders',
  'local-auth-enabled medium app-payments',
  'local-auth-enabled medium egt-platform-events',
  'local-auth-enabled medium func-billing',
  'local-auth-enabled medium logic-orders-std',
  // ci-deployer: two live client secrets, Contributor on Prod (subscription) and secret reads of
  // kv-orders: high; one secret ends on 2026-12-01, 11 days after the fixture's now (< 30 days).
  'app-secret-credential high e7000000-0000-4000-8000-000000000001 ci-deployer',
  'app-credential-expiry medium e7000000-0000-4000-8000-000000000001 ci-deployer',
  // legacy-sync: a live certificate (one step below high) valid 3 years, and an expired one still present.
  'app-secret-credential medium e7000000-0000-4000-8000-000000000002 legacy-sync',
  'app-credential-expiry medium e7000000-0000-4000-8000-000000000002 legacy-sync',
  // Not findings: gh-orders-deploy (federated credential only, and no Azure role) and
  // marketing-saas (an expired secret, but no Azure role and no vault reads).
];

describe('an audit of the demo tenant', () => {
  let stack: LocalStack;
  let result: AuditResult;
  beforeAll(async () => {
    stack = await startLocalAudit(demo);
    result = await runTimer();
  }, 60_000);
  afterAll(() => stack?.stop()); // undefined when the start failed: its own error is the one to see

  it('finds exactly the expected findings', () => {
    expect(result.report.findings.map(label).sort()).toEqual([...EXPECTED].sort());
  });

  it('is complete, read every subscription and workspace, and has no coverage error', () => {
    expect(result.report.status).toBe('complete');
    expect(result.report.coverage.errors).toEqual([]);
    expect(result.report.coverage.subscriptions.every((s) => s.read)).toBe(true);
    expect(result.report.coverage.workspaces).toEqual([
      {
        workspaceId: '1a000000-0000-4000-8000-000000000001',
        resourceId: expect.stringContaining('law-platform'),
        read: true,
      },
    ]);
  });

  it('keeps the two subscriptions named Prod apart', () => {
    const prods = result.report.coverage.subscriptions.filter((s) => s.displayName === 'Prod');
    expect(prods).toHaveLength(2);
    expect(
      result.report.findings
        .filter((f) => f.checkId === 'rbac-too-many-owners' && f.severity === 'medium')
        .map((f) => f.subscriptionId),
    ).toEqual(['5a000000-0000-4000-8000-000000000002']);
  });

  it('says who owns each finding and gives commands with the real ids and links to the portal', () => {
    const byName = (name: string) => result.report.findings.find((f) => last(f.resourceId) === name)!;
    expect(byName('func-billing')).toMatchObject({
      owner: 'billing-team@contoso.example',
      ownerSource: 'tag',
      resourceGroup: 'rg-orders',
      subscriptionName: 'Prod',
      ageDays: 0,
    });
    expect(byName('func-billing').managementGroupPath?.length).toBeGreaterThan(0);
    expect(byName('func-billing').links?.portal).toContain(`/resource${byName('func-billing').resourceId}`);
    for (const f of result.report.findings) {
      // Left for the user: which vault a broad Key Vault grant should narrow to, and a user's own sign-in app.
      expect(f.remediation.cli, f.checkId).not.toMatch(
        /<(resourceId|principalId|subscriptionId|workspaceId|role)>/,
      );
      if (/\/roleassignments\//i.test(f.resourceId))
        expect(f.remediation.cli).not.toContain('<roleAssignmentId>');
      if (f.evidence['callerKind'] === 'servicePrincipalWithCredentials')
        expect(f.remediation.cli).not.toContain('<appId>');
      expect(f.links?.learn, f.checkId).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      if (/\/roleassignments\//i.test(f.resourceId)) {
        expect(f.owner, f.resourceId).toBeTruthy();
        expect(f.links?.accessControl, f.resourceId).toMatch(/\/users$/);
      }
    }
  });

  it('says what each app credential reaches and when it was last used, from the sign-in logs', () => {
    const ci = result.report.findings.find(
      (f) =>
        f.checkId === 'app-secret-credential' &&
        f.resourceId === '/applications/e7000000-0000-4000-8000-000000000001',
    )!;
    expect(ci.evidence['credentials']).toEqual([
      expect.objectContaining({
        keyId: 'e6000000-0000-4000-8000-000000000011',
        lastUsed: { time: '2026-11-19T02:10:00.000Z', ipAddress: '20.42.7.11', signIns: 2 },
      }),
      expect.objectContaining({
        keyId: 'e6000000-0000-4000-8000-000000000012',
        lastUsed: expect.stringMatching(/^not used since /),
      }),
    ]);
    expect(ci.evidence['vaults']).toEqual([
      expect.objectContaining({ vaultId: expect.stringContaining('kv-orders') }),
    ]);
    expect(ci.remediation.cli).toContain(
      'az ad app credential delete --id e5000000-0000-4000-8000-000000000001 --key-id e6000000-0000-4000-8000-000000000011',
    );
  });

  it('marks every finding new on the first run, and stores the five outputs as blobs', async () => {
    expect(result.report.summary).toMatchObject({ new: EXPECTED.length, existing: 0, resolved: 0 });
    const { createAzureStores } = await import('../../src/store/azureStores.js');
    const stores = createAzureStores(
      { kind: 'connectionString', connectionString: stack.azurite.connectionString },
      'reports',
      null as never,
    );
    for (const name of ['findings.json', 'report.html', 'report.md', 'report.sarif', 'findings.csv']) {
      expect(await stores.reports.readRun(result.report.runId, name), name).toBeTruthy();
      expect(await stores.reports.readLatest(name), name).toBeTruthy();
    }
  });

  it("made every request over the emulator's APIs with a managed-identity token", () => {
    expect(stack.emulator.apiCalls['token']).toBeGreaterThan(0);
    // Every request but the token requests carried a valid token of the auditor's own identity.
    const { token: _token, ...apis } = stack.emulator.apiCalls;
    const requests = Object.values(apis).reduce((a, b) => a + b, 0);
    expect(stack.emulator.callers.refused).toEqual({});
    expect(stack.emulator.callers.byIdentity).toEqual({
      [stack.emulator.fixture.auditor.resourceId]: requests,
    });
    expect(Object.keys(stack.emulator.apiCalls).sort()).toEqual([
      'armResources',
      'authorization',
      'diagnosticSettings',
      'graph',
      'logAnalytics',
      'resourceGraph',
      'token',
    ]);
  });
});
