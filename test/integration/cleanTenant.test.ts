import { afterAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { CLEAN_TENANT, readFixture } from '../support/testEmulator.js';

describe('the clean tenant', () => {
  let stack: MemoryAudit;
  afterAll(() => stack?.stop()); // undefined when the start failed: its own error is the one to see

  it('gives no findings and every check passes', async () => {
    stack = await startMemoryAudit(readFixture(CLEAN_TENANT));
    const { report } = await runTimer();
    expect(report.findings).toEqual([]);
    expect(report.status).toBe('complete');
    expect(
      report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.error ?? ''}`),
    ).toEqual([]);
    expect(
      report.checks.every(
        (c) =>
          c.evaluated > 0 ||
          [
            'rbac-custom-role-overly-permissive',
            'rbac-service-principal-privileged',
            'rbac-guest-privileged',
            // No app registration of the clean tenant reaches Azure (no role, no vault read).
            'app-secret-credential',
            'app-credential-expiry',
          ].includes(c.id),
      ),
    ).toBe(true);
  }, 60_000);
});
