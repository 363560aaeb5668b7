/**
 * "When a security principal has access to more than 10,000 subscriptions within the tenant or
 * management group query scope, the response is limited to the first 10,000 subscriptions and the
 * x-ms-tenant-subscription-limit-hit header is returned as true" (Learn, Resource Graph "Guidance
 * for throttled requests"). Before, mi-auditor read the header nowhere: the subscriptions past the
 * first 10,000 went unaudited and the run said `complete`. The emulator's limit is lowered to 2 so
 * that the demo tenant passes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

describe("a tenant past Resource Graph's subscription limit", () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    stack = await startMemoryAudit(readFixture(DEMO_TENANT), {
      emulator: { quota: { tenantSubscriptionLimit: 2 } },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('is audited partial, saying why, with no check passing for the tenant', async () => {
    const { report } = await runTimer();
    expect(report.status).toBe('partial');
    expect(report.coverage.errors).toContainEqual(
      expect.objectContaining({
        source: 'subscriptions',
        scope: 'tenant',
        code: 'TenantSubscriptionLimitHit',
      }),
    );
    expect(report.checks.filter((c) => c.status === 'pass')).toEqual([]);
  });
});
