/**
 * mi-auditor checks its own rights, and a role granted to a group it belongs to is its role: "You
 * added managed identities to a group and assigned a role to that group" (Learn, Azure RBAC
 * troubleshooting). Before, only the identity's direct assignments were read, so an auditor in a
 * group holding Owner passed. Here its identity is in "Audit Readers", itself a member of "Platform
 * Admins", which holds Owner on the landing-zones group; Microsoft Graph's transitiveMemberOf gives
 * both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const PLATFORM_ADMINS = 'c3000000-0000-4000-8000-000000000001';
const AUDIT_READERS = 'c3000000-0000-4000-8000-0000000000a1';
const CHECK = 'auditor-excess-permissions';

function tenantWithAuditorInNestedGroup(): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  const principals: any[] = tenant['principals'];
  const auditor = principals.find((p) => p.id === tenant['auditor'].principalId);
  auditor.memberOf = [AUDIT_READERS];
  principals.push({
    id: AUDIT_READERS,
    '@odata.type': '#microsoft.graph.group',
    displayName: 'Audit Readers',
    memberOf: [PLATFORM_ADMINS],
  });
  return tenant;
}

describe("the auditor's rights through the groups it belongs to", () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    stack = await startMemoryAudit(tenantWithAuditorInNestedGroup());
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are found: Owner through a group of a group is reported, naming the group', async () => {
    const { report } = await runTimer();
    const throughGroup = report.findings.filter(
      (f) => f.checkId === CHECK && (f.evidence as { throughGroup?: string }).throughGroup,
    );
    expect(throughGroup).toMatchObject([
      {
        severity: 'high',
        principalId: PLATFORM_ADMINS,
        evidence: { throughGroup: PLATFORM_ADMINS, roleName: 'Owner' },
        message: expect.stringContaining('through group Platform Admins') as string,
      },
    ]);
    expect(report.checks.find((c) => c.id === CHECK)?.status).toBe('fail');
  });
});
