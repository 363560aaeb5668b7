/**
 * Grants at a management group with no subscription below it (an empty branch: a decommissioned or
 * sandbox group): no subscription's list reaches them, so the audit lists that group's own
 * assignments and PIM eligibilities (`atScope()`: "at or above the scope", Azure/azure-rest-api-specs
 * Microsoft.Authorization RoleAssignments_ListForScope and RoleEligibilitySchedules_ListForScope),
 * with role data read from ARM or from Resource Graph alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const GROUP = '/providers/Microsoft.Management/managementGroups/decommissioned';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const ACTIVE_USER = 'b2000000-0000-4000-8000-000000000001';
const ELIGIBLE_USER = 'b2000000-0000-4000-8000-000000000002';

function tenantWithEmptyGroup(): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  tenant['managementGroups'].push({
    name: 'decommissioned',
    displayName: 'Decommissioned',
    parent: tenant['tenantId'],
  });
  tenant['roleAssignments'].push({
    id: `${GROUP}/providers/Microsoft.Authorization/roleAssignments/ad000000-0000-4000-8000-0000000000e1`,
    name: 'ad000000-0000-4000-8000-0000000000e1',
    properties: {
      scope: GROUP,
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
      principalId: ACTIVE_USER,
      principalType: 'User',
    },
  });
  tenant['roleEligibilitySchedules'].push({
    id: `${GROUP}/providers/Microsoft.Authorization/roleEligibilitySchedules/e1000000-0000-4000-8000-0000000000e1`,
    name: 'e1000000-0000-4000-8000-0000000000e1',
    type: 'Microsoft.Authorization/RoleEligibilitySchedules',
    properties: {
      scope: GROUP,
      roleDefinitionId: `${GROUP}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
      principalId: ELIGIBLE_USER,
      principalType: 'User',
      status: 'Provisioned',
      memberType: 'Direct',
      startDateTime: '2026-01-01T00:00:00Z',
      endDateTime: '2027-12-31T00:00:00Z',
    },
  });
  return tenant;
}

describe('grants at a management group with no subscription below', () => {
  let stack: MemoryAudit;
  const runs: Record<string, AuditResult> = {};
  beforeAll(async () => {
    stack = await startMemoryAudit(tenantWithEmptyGroup());
    for (const source of ['arm', 'resourceGraph']) {
      process.env['ROLE_DATA_SOURCE'] = source;
      runs[source] = await runTimer();
    }
  }, 120_000);
  afterAll(async () => {
    delete process.env['ROLE_DATA_SOURCE'];
    await stack.stop();
  });

  for (const source of ['arm', 'resourceGraph'])
    it(`are found, active and eligible, with role data from ${source}`, () => {
      const run = runs[source]!;
      expect(run.report.status).toBe('complete');
      const atGroup = run.report.findings.filter(
        (f) => f.checkId === 'rbac-privileged-role-broad-scope' && f.evidence['scope'] === GROUP,
      );
      expect(atGroup.map((f) => [f.principalId, f.evidence['assignmentType'] ?? 'active']).sort()).toEqual([
        [ACTIVE_USER, 'active'],
        [ELIGIBLE_USER, 'eligible'],
      ]);
    });
});
