import { describe, expect, it } from 'vitest';

import { createMemoryStores } from '../../src/store/memoryStores.js';
import { newestRunFirst } from '../../src/store/runOrder.js';
import type { RunRecord } from '../../src/store/types.js';

const run = (
  runId: string,
  startedAt: string | undefined,
  requestedAt = '2026-11-24T09:00:00.000Z',
): RunRecord => ({
  runId,
  trigger: 'http',
  status: startedAt ? 'complete' : 'queued',
  requestedAt,
  ...(startedAt ? { startedAt } : {}),
});

describe('newestRunFirst', () => {
  // Seen in CI: three runs in two seconds, the first two in the same second with tails in the
  // other order, and the dashboard's trend showed the second run before the first.
  it('orders two runs of the same second by when they started, not by the random tail of their ids', () => {
    const first = run('20261124T090001Z-ffffff', '2026-11-24T09:00:01.100Z');
    const second = run('20261124T090001Z-000000', '2026-11-24T09:00:01.900Z');
    expect([first, second].sort(newestRunFirst)).toEqual([second, first]);
  });

  it('puts a queued run by when it was asked for, and breaks a tie by id', () => {
    const started = run('20261124T090001Z-aaaaaa', '2026-11-24T09:00:01.000Z');
    const queued = run('20261124T090002Z-bbbbbb', undefined, '2026-11-24T09:00:02.000Z');
    const twin = run('20261124T090001Z-cccccc', '2026-11-24T09:00:01.000Z');
    expect([started, queued, twin].sort(newestRunFirst).map((r) => r.runId)).toEqual([
      queued.runId,
      twin.runId,
      started.runId,
    ]);
  });

  it('is the order the run store lists in', async () => {
    const { runs } = createMemoryStores();
    await runs.put(run('20261124T090001Z-ffffff', '2026-11-24T09:00:01.100Z'));
    await runs.put(run('20261124T090001Z-000000', '2026-11-24T09:00:01.900Z'));
    expect((await runs.list(10)).map((r) => r.runId)).toEqual([
      '20261124T090001Z-000000',
      '20261124T090001Z-ffffff',
    ]);
  });
});
