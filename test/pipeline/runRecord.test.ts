import { describe, expect, it } from 'vitest';

import { INTERRUPTED, recordInterrupted } from '../../src/pipeline/runRecord.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';
import { LEASE_TTL_MS, type RunRecord } from '../../src/store/types.js';

const at = new Date('2026-11-24T05:00:00Z');
const record = (runId: string, status: RunRecord['status']): RunRecord => ({
  runId,
  trigger: 'timer',
  status,
  requestedAt: '2026-11-24T04:00:00.000Z',
  startedAt: '2026-11-24T04:00:00.000Z',
});

describe('a run left running when its lease expired', () => {
  it('is marked failed, interrupted, when the next run takes its expired lease', async () => {
    const { runs } = createMemoryStores();
    await runs.put(record('dead', 'running'));
    expect(await runs.acquireLock('dead', new Date(at.getTime() - LEASE_TTL_MS - 1))).toEqual({ ok: true });
    const lock = await runs.acquireLock('next', at);
    expect(lock).toEqual({ ok: true, expiredHolder: 'dead' });
    await recordInterrupted(runs, 'dead', at);
    expect(await runs.get('dead')).toEqual({
      ...record('dead', 'running'),
      status: 'failed',
      finishedAt: at.toISOString(),
      error: INTERRUPTED,
    });
    expect(INTERRUPTED).toBe('interrupted (lease expired)');
  });

  it('leaves a run that finished, a queued run and an unknown run as they are', async () => {
    const { runs } = createMemoryStores();
    for (const [id, status] of [
      ['done', 'complete'],
      ['late', 'partial'],
      ['waiting', 'queued'],
    ] as const) {
      await runs.put(record(id, status));
      await recordInterrupted(runs, id, at);
      expect((await runs.get(id))?.status).toBe(status);
    }
    await recordInterrupted(runs, 'never-recorded', at);
    expect(await runs.get('never-recorded')).toBeUndefined();
  });

  it('does not stop the new run when storage cannot mark the old one: it says so', async () => {
    const { runs } = createMemoryStores();
    const log: string[] = [];
    await recordInterrupted(
      { ...runs, get: () => Promise.reject(new Error('503 from Table storage')) },
      'dead',
      at,
      (m) => log.push(m),
    );
    expect(log).toEqual([expect.stringMatching(/dead .*could not be marked failed: 503 from Table storage/)]);
  });

  it("a run's own lease is never reported as another's expired lease", async () => {
    const { runs } = createMemoryStores();
    await runs.acquireLock('self', at);
    expect(await runs.acquireLock('self', new Date(at.getTime() + 2 * LEASE_TTL_MS))).toEqual({ ok: true });
  });
});
