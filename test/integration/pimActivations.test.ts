/**
 * A PIM activation: an eligible user activates Owner, and until it ends ARM lists a role assignment
 * for it like any other; only its role assignment schedule instance says `Activated`
 * (Azure/azure-rest-api-specs Microsoft.Authorization stable/2020-10-01,
 * RoleAssignmentScheduleInstances_ListForScope; src/collect/roleActivations.ts). Read as a standing
 * grant, every activation made during a run was a new high finding, alerted on, and resolved once
 * it ended. The eligibility is what the role checks report.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';
import { roleAssignmentRow } from '../support/fixtureRows.js';

const SUB = '5a000000-0000-4000-8000-000000000002';
const ERIN = 'b2000000-0000-4000-8000-000000000005';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
/** Erin's activation of her Owner eligibility at the subscription (demo fixture: e1000000-…-0001). */
const ACTIVATED = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/ac000000-0000-4000-8000-000000000001`;

function tenantWithErinActive(activation: boolean): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  tenant['roleAssignments'].push(
    roleAssignmentRow({
      scope: `/subscriptions/${SUB}`,
      name: 'ac000000-0000-4000-8000-000000000001',
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
      principalId: ERIN,
      principalType: 'User',
    }),
  );
  if (activation)
    tenant['roleAssignmentActivations'] = [
      {
        roleAssignmentId: ACTIVATED,
        linkedRoleEligibilityScheduleId: 'e1000000-0000-4000-8000-000000000001',
        endDateTime: '2026-06-01T08:00:00Z',
      },
    ];
  return tenant;
}

async function audit(tenant: Record<string, any>): Promise<AuditResult> {
  let stack: MemoryAudit | undefined;
  try {
    stack = await startMemoryAudit(tenant);
    return await runTimer();
  } finally {
    await stack?.stop();
  }
}

const about = (r: AuditResult, id: string) =>
  r.report.findings.filter((f) => f.resourceId.toLowerCase() === id.toLowerCase());

describe('a PIM activation in effect during the run', () => {
  let standing: AuditResult;
  let activated: AuditResult;
  beforeAll(async () => {
    standing = await audit(tenantWithErinActive(false));
    activated = await audit(tenantWithErinActive(true));
  }, 120_000);

  it('is reported when ARM holds no activation for the assignment (a standing Owner)', () => {
    expect(about(standing, ACTIVATED).map((f) => `${f.checkId} ${f.severity}`)).toEqual([
      'rbac-privileged-role-broad-scope high',
    ]);
  });

  it('is not reported as a standing grant once its schedule instance says Activated', () => {
    expect(activated.report.status).toBe('complete');
    expect(about(activated, ACTIVATED)).toEqual([]);
    // The eligibility it activated is what the report names, as before.
    const eligible = (r: AuditResult) =>
      r.report.findings
        .filter((f) => f.principalId === ERIN && f.evidence['assignmentType'] === 'eligible')
        .map((f) => `${f.checkId} ${f.resourceId}`);
    expect(eligible(activated)).toEqual(eligible(standing));
    expect(eligible(activated).length).toBeGreaterThan(0);
    // Nothing else changed.
    const others = (r: AuditResult) =>
      r.report.findings
        .filter((f) => f.resourceId !== ACTIVATED)
        .map((f) => f.id)
        .sort();
    expect(others(activated)).toEqual(others(standing));
  });
});
