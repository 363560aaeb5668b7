/**
 * A Cloud Solution Provider's AdminAgents group holds Owner on the CSP subscriptions it sells
 * (Partner Center, "Reinstate admin privileges for a customer's Azure CSP subscriptions"). The group
 * lives in the partner's tenant: ARM names its principal type `ForeignGroup` (PrincipalType enum,
 * Microsoft.Authorization stable/2022-04-01), and this tenant's directory never returns it. Before,
 * the audit called the assignment orphaned and told the customer to delete the partner's access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';
import { roleAssignmentRow } from '../support/fixtureRows.js';

const SUB = '5a000000-0000-4000-8000-000000000003';
const ADMIN_AGENTS = 'f0000000-0000-4000-8000-0000000000aa';
const ASSIGNMENT = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/af000000-0000-4000-8000-000000000001`;

describe("a CSP partner's AdminAgents group with Owner on a subscription", () => {
  let stack: MemoryAudit;
  let result: AuditResult;
  beforeAll(async () => {
    const tenant = readFixture(DEMO_TENANT);
    tenant['roleAssignments'].push(
      roleAssignmentRow({
        scope: `/subscriptions/${SUB}`,
        name: 'af000000-0000-4000-8000-000000000001',
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
        principalId: ADMIN_AGENTS,
        principalType: 'ForeignGroup',
      }),
    );
    stack = await startMemoryAudit(tenant);
    result = await runTimer();
  }, 120_000);
  afterAll(() => stack?.stop());

  it('is not called orphaned: the directory of another tenant holds it', () => {
    const about = result.report.findings.filter((f) => f.resourceId === ASSIGNMENT);
    expect(about.map((f) => f.checkId)).toEqual(['rbac-privileged-role-broad-scope']);
    const orphaned = result.report.checks.find((c) => c.id === 'rbac-orphaned-assignment');
    expect(orphaned?.notEvaluated).toEqual([{ reason: expect.stringContaining('ForeignGroup'), count: 1 }]);
  });

  it('is still a privileged grant at the subscription, named as a group of another tenant', () => {
    const [owner] = result.report.findings.filter((f) => f.resourceId === ASSIGNMENT);
    expect(owner?.message).toBe(
      `group ${ADMIN_AGENTS} of another tenant holds Owner (Owner-level) at subscription scope /subscriptions/${SUB}.`,
    );
    expect(owner?.severity).toBe('high');
  });
});
