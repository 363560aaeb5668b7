import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

describe('role data read from Resource Graph (ROLE_DATA_SOURCE=resourceGraph)', () => {
  let stack: MemoryAudit;
  let fromGraph: AuditResult;
  let fromArm: AuditResult;
  beforeAll(async () => {
    stack = await startMemoryAudit(readFixture(DEMO_TENANT), {
      settings: { ROLE_DATA_SOURCE: 'resourceGraph' },
    });
    fromGraph = await runTimer();
    const armCalls = stack.emulator.apiCalls['authorization'] ?? 0;
    process.env['ROLE_DATA_SOURCE'] = 'arm';
    fromArm = await runTimer();
    (fromGraph as AuditResult & { armCalls?: number }).armCalls = armCalls;
  }, 120_000);
  afterAll(async () => {
    delete process.env['ROLE_DATA_SOURCE'];
    await stack.stop();
  });

  it('gives exactly the same findings as the ARM lists', () => {
    const ids = (r: AuditResult) => r.report.findings.map((f) => f.id).sort();
    expect(fromGraph.report.findings).toHaveLength(80);
    expect(ids(fromGraph)).toEqual(ids(fromArm));
  });

  it('says in the coverage which source the role data came from', () => {
    expect(fromGraph.report.coverage.rules.roleData).toMatch(/^Resource Graph authorizationresources/);
    expect(fromArm.report.coverage.rules.roleData).toMatch(/^ARM role assignment lists/);
  });

  it('makes fewer ARM calls', () => {
    // The tenant root group's own lists (assignments, PIM eligibility), PIM eligibility per
    // subscription (4), and the PIM activations of the one subscription with an eligibility in
    // effect only: no per-subscription assignment or definition lists, and no list for the three
    // groups that have a subscription below them (their grants come with its rows).
    expect((fromGraph as AuditResult & { armCalls?: number }).armCalls).toBe(7);
  });
});
