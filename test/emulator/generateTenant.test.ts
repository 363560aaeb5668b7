import { describe, expect, it } from 'vitest';

import { parseTenantFixture } from '../../emulator/fixture/tenantFixture.js';
import { generateSyntheticTenant, generateTenant } from '../../emulator/generateTenant.js';

describe('generateTenant', () => {
  it('is deterministic by seed and makes exactly the sizes asked for', () => {
    const a = generateTenant({ seed: 7, resources: 500, vaults: 5, logRows: 300, assignments: 40 });
    const b = generateTenant({ seed: 7, resources: 500, vaults: 5, logRows: 300, assignments: 40 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const parsed = parseTenantFixture(a);
    expect(parsed.resources).toHaveLength(500);
    expect(parsed.resources.filter((r) => r.type === 'microsoft.keyvault/vaults')).toHaveLength(5);
    expect(parsed.workspaces[0]!.tables['AZKVAuditLogs']).toHaveLength(300);
    expect(parsed.roleAssignments).toHaveLength(42);
  });

  it('differs with another seed', () => {
    expect(JSON.stringify(generateTenant({ seed: 1, resources: 50 }))).not.toBe(
      JSON.stringify(generateTenant({ seed: 2, resources: 50 })),
    );
  });

  it('counts what it plants: every kind of problem, once per planted case', () => {
    const { fixture, expectedFindings } = generateSyntheticTenant({
      seed: 5,
      resources: 4000,
      vaults: 40,
      logRows: 4000,
      assignments: 800,
    });
    const parsed = parseTenantFixture(fixture);
    expect(Object.keys(expectedFindings).sort()).toEqual([
      'app-secret-credential',
      'kv-access-denied',
      'kv-access-policy-model',
      'kv-audit-logging-missing',
      'kv-non-managed-identity-caller',
      'kv-secret-mass-retrieval',
      'local-auth-enabled',
      'mi-resource-without-identity',
      'mi-user-assigned-unused',
      'rbac-guest-privileged',
      'rbac-keyvault-data-role-broad-scope',
      'rbac-orphaned-assignment',
      'rbac-privileged-role-broad-scope',
      'rbac-service-principal-privileged',
      'rbac-too-many-owners',
    ]);
    // Counts that can be read back from the fixture directly.
    const vaults = parsed.resources.filter((r) => r.type === 'microsoft.keyvault/vaults');
    expect(expectedFindings['kv-audit-logging-missing']).toBe(
      vaults.filter((v) => !Object.keys(parsed.diagnosticSettings).includes(v.id)).length,
    );
    expect(expectedFindings['kv-access-policy-model']).toBe(
      vaults.filter(
        (v) => (v.properties as { enableRbacAuthorization: boolean }).enableRbacAuthorization === false,
      ).length,
    );
    const known = new Set(parsed.principals.map((p) => p.id));
    expect(expectedFindings['rbac-orphaned-assignment']).toBe(
      parsed.roleAssignments.filter((a) => !known.has(a.properties.principalId)).length,
    );
    const refusedPairs = new Set(
      parsed.workspaces[0]!.tables['AZKVAuditLogs']!.filter((r) => r['HttpStatusCode'] === 403).map(
        (r) => `${String(r['_ResourceId'])}|${JSON.stringify(r['Identity'])}`,
      ),
    );
    expect(expectedFindings['kv-access-denied']).toBe(refusedPairs.size);
    // Local auth left on: a storage account without allowSharedKeyAccess false, a SQL server without
    // Entra-only, a site without both publishing policies off.
    const offSites = new Set(
      parsed.armResources
        .filter((a) => (a['properties'] as { allow?: unknown } | undefined)?.allow === false)
        .map((a) => a.id.split('/basicPublishingCredentialsPolicies/')[0]),
    );
    const leftOn = parsed.resources.filter((r) => {
      const p = (r.properties ?? {}) as Record<string, any>;
      if (r.type === 'microsoft.storage/storageaccounts') return p['allowSharedKeyAccess'] !== false;
      if (r.type === 'microsoft.sql/servers')
        return p['administrators']?.['azureADOnlyAuthentication'] !== true;
      if (r.type === 'microsoft.web/sites') return !offSites.has(r.id);
      return false;
    });
    expect(leftOn.length).toBeGreaterThan(0);
    expect(expectedFindings['local-auth-enabled']).toBe(leftOn.length);
    // Apps with a client secret that hold a role or read a secret (a list, names only, does not count).
    const apps = new Set(
      parsed.principals.filter((p) => p['servicePrincipalType'] === 'Application').map((p) => p.id),
    );
    const reaching = new Set([
      ...parsed.roleAssignments.map((a) => a.properties.principalId).filter((id) => apps.has(id)),
      ...parsed.workspaces[0]!.tables['AZKVAuditLogs']!.filter(
        (r) => r['OperationName'] === 'SecretGet' && r['HttpStatusCode'] === 200,
      )
        .map((r) => (r['Identity'] as { claim?: { oid?: string } } | null)?.claim?.oid ?? '')
        .filter((id) => apps.has(id)),
    ]);
    expect(reaching.size).toBeGreaterThan(0);
    expect(expectedFindings['app-secret-credential']).toBe(reaching.size);
  });

  it('spreads subscriptions over a management-group tree at most six levels deep and counts inherited owners', () => {
    const { fixture, expectedFindings } = generateSyntheticTenant({
      seed: 3,
      resources: 300,
      subscriptions: 60,
      managementGroups: 200,
      assignments: 5000,
    });
    const parsed = parseTenantFixture(fixture);
    const root = parsed.tenantId;
    const parent = new Map(parsed.managementGroups.map((g) => [g.name, g.parent]));
    expect(parsed.managementGroups).toHaveLength(201);
    const chain = (group: string): string[] => {
      const out: string[] = [];
      for (let g: string | null | undefined = group; g && g !== root; g = parent.get(g)) out.push(g);
      return out;
    };
    for (const g of parsed.managementGroups) {
      if (g.name === root) continue;
      expect(parent.has(g.parent!)).toBe(true);
      expect(chain(g.name).length).toBeLessThanOrEqual(6);
    }
    // rbac-too-many-owners recounted from the fixture alone: a subscription's owners are those at
    // it and at every group above it; more than three, or exactly one, is a finding.
    const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
    const ownersAt = new Map<string, Set<string>>();
    for (const a of parsed.roleAssignments) {
      if (!a.properties.roleDefinitionId.endsWith(OWNER)) continue;
      const scope = a.properties.scope.toLowerCase();
      ownersAt.set(scope, (ownersAt.get(scope) ?? new Set()).add(a.properties.principalId));
    }
    const atGroup = (g: string) =>
      ownersAt.get(`/providers/microsoft.management/managementgroups/${g}`) ?? [];
    let ownerFindings = 0;
    for (const sub of parsed.subscriptions) {
      const owners = new Set(ownersAt.get(`/subscriptions/${sub.subscriptionId}`));
      for (const g of chain(sub.managementGroup ?? root)) for (const p of atGroup(g)) owners.add(p);
      if (owners.size > 3 || owners.size === 1) ownerFindings++;
    }
    expect(ownerFindings).toBeGreaterThan(0);
    expect(expectedFindings['rbac-too-many-owners']).toBe(ownerFindings);
    // Some grants are at groups, and each privileged one there is a finding.
    expect(parsed.roleAssignments.some((a) => a.properties.scope.includes('/managementGroups/mg-'))).toBe(
      true,
    );
  });
});
