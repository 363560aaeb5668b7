/**
 * A user-assigned identity that only an Azure Policy assignment runs as is in use: deployIfNotExists
 * and modify remediations run as the assignment's identity ("Policy assignments support a maximum
 * of one identity ... a single user assigned identity", Azure/azure-rest-api-specs, Microsoft.Authorization
 * policy 2025-03-01; createPolicyAssignmentWithUserAssignedIdentity.json), and no resource lists it.
 * Such assignments usually sit at a management group, here one with subscriptions below it (read
 * through each subscription's unfiltered list) and one with none (read through its own `atScope()`
 * list). An unread list leaves the check unable to call any identity unused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const IDENTITIES =
  '/subscriptions/5a000000-0000-4000-8000-000000000002/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities';
const DEV = '5a000000-0000-4000-8000-000000000003';
const CHECK = 'mi-user-assigned-unused';

const policyAssignment = (group: string, name: string, identity: string) => {
  const scope = `/providers/Microsoft.Management/managementGroups/${group}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/policyAssignments',
    location: 'westeurope',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [`${IDENTITIES}/${identity}`]: {} } },
    properties: {
      displayName: name,
      scope,
      policyDefinitionId:
        '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
      enforcementMode: 'Default',
      notScopes: [],
    },
  };
};

function tenantWithPolicyIdentities(): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  tenant['managementGroups'].push({ name: 'decommissioned', parent: tenant['tenantId'] });
  tenant['policyAssignments'] = [
    policyAssignment('landing-zones', 'deploy-diagnostics', 'id-spare'),
    policyAssignment('decommissioned', 'deploy-backup', 'id-legacy-batch'),
  ];
  return tenant;
}

describe('user-assigned identities that Azure Policy runs as', () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    stack = await startMemoryAudit(tenantWithPolicyIdentities());
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are not unused, whether the assignment is above a subscription or at an empty group', async () => {
    const { report } = await runTimer();
    const unused = report.findings
      .filter((f) => f.checkId === CHECK)
      .map((f) => f.resourceId.split('/').pop());
    // Without the policy lists id-spare and id-legacy-batch were both found unused.
    expect(unused).not.toContain('id-spare');
    expect(unused).not.toContain('id-legacy-batch');
    // The demo tenant's other identity attached to nothing has a federated credential: none is left.
    expect(report.checks.find((c) => c.id === CHECK)).toMatchObject({ status: 'pass', evaluated: 6 });
    expect(stack.emulator.apiCalls['policy']).toBeGreaterThan(0);
  });

  it('say error, and find no identity unused, when a subscription refuses its policy list', async () => {
    stack.emulator.setFaults([
      { api: 'policy', scope: `/subscriptions/${DEV}`, status: 403, code: 'AuthorizationFailed' },
    ]);
    try {
      const { report } = await runTimer();
      expect(report.checks.find((c) => c.id === CHECK)?.status).toBe('error');
      expect(report.coverage.errors).toContainEqual(
        expect.objectContaining({ source: 'policyAssignments', scope: `/subscriptions/${DEV}` }),
      );
      expect(report.findings.filter((f) => f.checkId === CHECK)).toEqual([]);
    } finally {
      stack.emulator.setFaults([]);
    }
  });
});
