import { afterAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

describe('an audit whose identity cannot get a token', () => {
  let stack: MemoryAudit;
  afterAll(() => stack?.stop()); // undefined when the start failed: its own error is the one to see

  it('reports failed, with the reason, every check as error, and no findings', async () => {
    stack = await startMemoryAudit({
      ...readFixture(DEMO_TENANT),
      faults: [{ api: 'token', status: 500, message: 'identity endpoint down' }],
    });
    const { report } = await runTimer();
    expect(report.status).toBe('failed');
    expect(report.findings).toEqual([]);
    expect(report.coverage.errors[0]).toMatchObject({
      source: 'pipeline',
      message: expect.stringContaining('could not get a token'),
    });
    expect(report.checks.every((c) => c.status === 'error')).toBe(true);
  }, 120_000);
});
