/**
 * A run scoped to some subscriptions (AUDIT_SUBSCRIPTIONS) or management groups
 * (AUDIT_MANAGEMENT_GROUPS) still reports only on them, but an identity of theirs may be used
 * anywhere in the tenant: "User-assigned managed identities can be used on multiple resources"
 * (Learn, manage-user-assigned-managed-identities-rest), of any subscription, and landing
 * zones keep identities in a subscription of their own. Before, a run scoped to the identities'
 * subscription called every identity used only elsewhere unused. Here the Prod subscription holds
 * the identities; the Platform subscription, outside both scopes, holds a virtual machine, a Batch
 * pool and a policy assignment that use three of them. A fourth identity nothing uses is still found,
 * and the roles it holds outside the scope weigh it (medium, not low).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';
import { roleAssignmentRow } from '../support/fixtureRows.js';

const PLATFORM = '5a000000-0000-4000-8000-000000000001';
const PROD = '5a000000-0000-4000-8000-000000000002';
const IDENTITIES = `/subscriptions/${PROD}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
const CHECK = 'mi-user-assigned-unused';
const ORPHAN_PRINCIPAL = 'f6000000-0000-4000-8000-000000000022';

const uses = (name: string) => ({
  type: 'UserAssigned',
  userAssignedIdentities: { [`${IDENTITIES}/${name}`]: {} },
});

function tenantWithIdentitiesUsedElsewhere(): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  const resources: any[] = tenant['resources'];
  const spare = resources.find((r) => r.id === `${IDENTITIES}/id-spare`);
  for (const [name, n] of [
    ['id-remediation', 21],
    ['id-orphan', 22],
  ] as const)
    resources.push({
      ...spare,
      id: `${IDENTITIES}/${name}`,
      name,
      properties: {
        ...spare.properties,
        principalId: `f6000000-0000-4000-8000-0000000000${n}`,
        clientId: `f7000000-0000-4000-8000-0000000000${n}`,
      },
    });
  const platformRow = (id: string, name: string, type: string, identity: object) => ({
    id: `/subscriptions/${PLATFORM}/resourceGroups/rg-shared/providers/${id}`,
    name,
    type,
    tenantId: tenant['tenantId'],
    kind: '',
    location: 'westeurope',
    resourceGroup: 'rg-shared',
    subscriptionId: PLATFORM,
    managedBy: '',
    sku: null,
    plan: null,
    properties: {},
    tags: {},
    zones: null,
    extendedLocation: null,
    identity,
  });
  resources.push(
    platformRow(
      'Microsoft.Compute/virtualMachines/vm-jumpbox',
      'vm-jumpbox',
      'microsoft.compute/virtualmachines',
      uses('id-spare'),
    ),
    platformRow(
      'Microsoft.Batch/batchAccounts/bashared/pools/export',
      'export',
      'microsoft.batch/batchaccounts/pools',
      uses('id-legacy-batch'),
    ),
  );
  // The orphan still holds Reader at the tenant root (inside both scopes, above them), at the Platform
  // group, on a resource group of Platform and at an empty group.
  const root = (tenant['managementGroups'] as { name: string; parent: string | null }[]).find(
    (g) => !g.parent,
  )!.name;
  const principals: any[] = tenant['principals'];
  principals.push({
    id: ORPHAN_PRINCIPAL,
    '@odata.type': '#microsoft.graph.servicePrincipal',
    displayName: 'id-orphan',
    appId: 'f7000000-0000-4000-8000-000000000022',
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: ['isExplicit=True', `${IDENTITIES}/id-orphan`],
  });
  const assignments: any[] = tenant['roleAssignments'];
  // And a group that holds no subscription.
  (tenant['managementGroups'] as unknown[]).push({ name: 'retired', displayName: 'Retired', parent: root });
  for (const [n, scope] of [
    [1, `/providers/Microsoft.Management/managementGroups/${root}`],
    [2, '/providers/Microsoft.Management/managementGroups/platform'],
    [3, `/subscriptions/${PLATFORM}/resourceGroups/rg-shared`],
    [4, '/providers/Microsoft.Management/managementGroups/retired'],
  ] as const)
    assignments.push(
      roleAssignmentRow({
        scope,
        name: `0c000000-0000-4000-8000-00000000000${n}`,
        roleDefinitionId:
          '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
        principalId: ORPHAN_PRINCIPAL,
        principalType: 'ServicePrincipal',
        properties: { createdOn: '2025-06-02T08:00:00.0000000Z', updatedOn: '2025-06-02T08:00:00.0000000Z' },
      }),
    );
  tenant['policyAssignments'] = [
    {
      id: `/subscriptions/${PLATFORM}/providers/Microsoft.Authorization/policyAssignments/deploy-diagnostics`,
      name: 'deploy-diagnostics',
      type: 'Microsoft.Authorization/policyAssignments',
      location: 'westeurope',
      identity: uses('id-remediation'),
      properties: {
        displayName: 'Deploy diagnostic settings',
        scope: `/subscriptions/${PLATFORM}`,
        policyDefinitionId:
          '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
        enforcementMode: 'Default',
        notScopes: [],
      },
    },
  ];
  return tenant;
}

const unusedNames = (findings: { checkId: string; resourceId: string }[]) =>
  findings
    .filter((f) => f.checkId === CHECK)
    .map((f) => f.resourceId.split('/').pop())
    .sort();

describe('identities of a scoped run used outside its scope', () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    stack = await startMemoryAudit(tenantWithIdentitiesUsedElsewhere());
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are not unused when the run is scoped to their subscription', async () => {
    vi.stubEnv('AUDIT_SUBSCRIPTIONS', PROD);
    const { report } = await runTimer();
    // Scoped to Prod, the in-scope reads alone found all four unused.
    expect(unusedNames(report.findings)).toEqual(['id-orphan']);
    // Its roles outside the scope count too: Reader at the root (read in scope, above Prod, and again
    // outside, above Platform), at the Platform group and the empty group (read in scope: a
    // subscription-scoped run lists the groups none of its subscriptions is below) and on a resource
    // group of Platform, outside.
    expect(report.findings.find((f) => f.checkId === CHECK)).toMatchObject({
      severity: 'medium',
      evidence: { roleAssignments: 4, roleAssignmentsOutsideScope: 1 },
    });
    expect(report.checks.find((c) => c.id === CHECK)).toMatchObject({ status: 'fail', evaluated: 8 });
    // The report stays on the scope: nothing is said of the resources read outside it.
    expect(report.findings.filter((f) => f.resourceId.includes('/rg-shared/'))).toEqual([]);
  });

  it('are not unused when the run is scoped to a management group that leaves their users out', async () => {
    vi.stubEnv('AUDIT_SUBSCRIPTIONS', '');
    vi.stubEnv('AUDIT_MANAGEMENT_GROUPS', 'landing-zones');
    const { report } = await runTimer();
    expect(unusedNames(report.findings)).toEqual(['id-orphan']);
    // Scoped to a group, the Platform group's Reader (above Platform, in Resource Graph) and the empty
    // group's (its own list over ARM) lie outside too.
    expect(report.findings.find((f) => f.checkId === CHECK)?.evidence).toMatchObject({
      roleAssignments: 4,
      roleAssignmentsOutsideScope: 3,
    });
    expect(report.findings.filter((f) => f.resourceId.includes('/rg-shared/'))).toEqual([]);
  });

  it('leave the check unable to tell when a list outside the scope cannot be read', async () => {
    vi.stubEnv('AUDIT_SUBSCRIPTIONS', PROD);
    stack.emulator.setFaults([
      { api: 'policy', scope: `/subscriptions/${PLATFORM}`, status: 403, code: 'AuthorizationFailed' },
    ]);
    try {
      const { report } = await runTimer();
      expect(report.checks.find((c) => c.id === CHECK)?.status).toBe('error');
      expect(report.coverage.errors).toContainEqual(
        expect.objectContaining({ source: 'policyAssignments', scope: `/subscriptions/${PLATFORM}` }),
      );
      expect(unusedNames(report.findings)).toEqual([]);
    } finally {
      stack.emulator.setFaults([]);
    }
  });
});
