/**
 * A Log Analytics workspace that never received data answers every query 204 with no body ("No
 * data in workspace", https://learn.microsoft.com/azure/azure-monitor/logs/api/errors), which the
 * Log Analytics client cannot read by itself (src/collect/logQueryNoContent.ts). The emulator now
 * answers it so (a fixture workspace with `tables: {}`): a whole audit of a tenant with such a
 * workspace, through the real clients, is complete and reads the workspace as read and empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

describe('a workspace that holds no data', () => {
  let stack: MemoryAudit;
  let result: AuditResult;
  let baseline: AuditResult;
  const customerId = '1a000000-0000-4000-8000-0000000000ee';
  beforeAll(async () => {
    const demo = readFixture(DEMO_TENANT);
    stack = await startMemoryAudit(demo);
    baseline = await runTimer();
    await stack.stop();
    const tenant = readFixture(DEMO_TENANT);
    const sub = tenant['subscriptions'][0].subscriptionId as string;
    const id = `/subscriptions/${sub}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-new`;
    tenant['resources'].push({
      id,
      name: 'law-new',
      type: 'microsoft.operationalinsights/workspaces',
      subscriptionId: sub,
      resourceGroup: 'rg-monitoring',
      location: 'westeurope',
      // An identity and no local auth: the workspace itself is no finding, only its answer is tested.
      identity: { type: 'SystemAssigned', principalId: 'f1000000-0000-4000-8000-0000000000ee' },
      properties: { customerId, features: { disableLocalAuth: true } },
    });
    tenant['workspaces'].push({ resourceId: id, customerId, tables: {} });
    stack = await startMemoryAudit(tenant);
    result = await runTimer();
  }, 120_000);
  afterAll(() => stack.stop());

  it('is read, and the audit is complete with the same findings as without it', () => {
    expect(result.report.status).toBe('complete');
    expect(result.report.coverage.errors).toEqual([]);
    const workspace = result.report.coverage.workspaces.find((w) => w.workspaceId === customerId);
    expect(workspace).toMatchObject({ read: true });
    const ids = (r: AuditResult) => r.report.findings.map((f) => f.id).sort();
    expect(ids(result)).toEqual(ids(baseline));
  });
});
