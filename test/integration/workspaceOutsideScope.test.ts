/**
 * Landing zones send every vault's audit logs to one central Log Analytics workspace, in a
 * management subscription of its own. The demo tenant does: Prod's kv-orders sends its logs to
 * law-platform, in the Platform subscription. A run scoped to Prod (AUDIT_SUBSCRIPTIONS) used to
 * query no workspace for them, and every Key Vault log check said it could not tell (`error`). Now
 * the workspace is found in Resource Graph outside the scope and queried for the audited vaults'
 * logs only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { AuditReport } from '../../src/report/reportModel.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const PLATFORM = '5a000000-0000-4000-8000-000000000001';
const PROD = '5a000000-0000-4000-8000-000000000002';
const LOG_CHECKS = [
  'kv-access-denied',
  'kv-non-managed-identity-caller',
  'kv-secret-mass-retrieval',
  'kv-sensitive-operation',
];

const logFindings = (report: AuditReport) =>
  report.findings
    .filter((f) => LOG_CHECKS.includes(f.checkId))
    .map((f) => `${f.checkId} ${f.resourceId.split('/').pop()} ${f.principalId ?? ''}`)
    .sort();

describe('a run scoped to subscriptions whose vaults log to a workspace outside them', () => {
  let stack: MemoryAudit;
  let whole: AuditReport;
  beforeAll(async () => {
    stack = await startMemoryAudit(readFixture(DEMO_TENANT));
    whole = (await runTimer()).report;
  }, 120_000);
  afterAll(() => stack?.stop());

  it("reads the audited vaults' logs there, and finds for them what the whole tenant's run finds", async () => {
    vi.stubEnv('AUDIT_SUBSCRIPTIONS', PROD);
    const { report } = await runTimer();
    for (const id of LOG_CHECKS)
      expect(
        report.checks.find((c) => c.id === id),
        id,
      ).not.toMatchObject({ status: 'error' });
    const ofProd = logFindings(whole).filter((f) => f.includes(' kv-orders ') || f.includes(' kv-legacy '));
    expect(ofProd.length).toBeGreaterThan(0);
    expect(logFindings(report)).toEqual(ofProd);
    expect(report.coverage.errors).toEqual([]);
  });

  it("says nothing of the other vaults' logs in that workspace", async () => {
    vi.stubEnv('AUDIT_SUBSCRIPTIONS', PROD);
    const { report } = await runTimer();
    expect(
      report.findings.filter((f) => f.subscriptionId === PLATFORM && LOG_CHECKS.includes(f.checkId)),
    ).toEqual([]);
    expect(logFindings(whole).some((f) => f.includes(' kv-platform '))).toBe(true);
  });
});
