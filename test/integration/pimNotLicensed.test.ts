/**
 * A tenant without Microsoft Entra ID P2 or ID Governance: ARM answers its PIM eligibility lists
 * with 400 `AadPremiumLicenseRequired` (recorded in AzGovViz issue 114; the emulator's
 * `pimLicensed: false`, docs/tenant-fixture.md). No eligibility can be activated there, so the
 * audit reads it as "no eligibilities", not as an outage: otherwise the role checks that weigh
 * eligibilities would say `error` in every such tenant on every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

describe('a tenant without the PIM licence', () => {
  let stack: MemoryAudit;
  let result: AuditResult;
  beforeAll(async () => {
    const tenant = readFixture(DEMO_TENANT);
    tenant['roleEligibilitySchedules'] = [];
    tenant['pimLicensed'] = false;
    stack = await startMemoryAudit(tenant);
    result = await runTimer();
  }, 120_000);
  afterAll(() => stack.stop());

  it('was refused the eligibility lists, as ARM refuses them', () => {
    // Per subscription (4): its role assignments, role definitions and PIM list (refused); the root
    // group's role assignments. Not the root group's PIM list: the refusal is the tenant's.
    expect(stack.emulator.apiCalls['authorization']).toBe(13);
    expect(result.report.coverage.errors.filter((e) => e.source === 'roleEligibility')).toEqual([]);
  });

  it('completes, with every role check judged instead of error', () => {
    expect(result.report.status).toBe('complete');
    const statuses = new Map(result.report.checks.map((c) => [c.id, c.status]));
    for (const id of ['rbac-privileged-role-broad-scope', 'rbac-guest-privileged', 'rbac-too-many-owners'])
      expect([id, statuses.get(id)]).not.toEqual([id, 'error']);
  });
});
