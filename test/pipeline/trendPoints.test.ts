import { describe, expect, it } from 'vitest';

import type { HistoryRecord } from '../../src/model/history.js';
import { trendPoints } from '../../src/pipeline/trendPoints.js';
import type { TrendPoint } from '../../src/report/reportModel.js';
import type { RunRecord } from '../../src/store/types.js';

const R1 = '2026-11-01T06:00:00.000Z';
const R2 = '2026-11-11T06:00:00.000Z';
const R3 = '2026-11-21T06:00:00.000Z';
const NOW = '2026-11-24T06:00:00.000Z';
const sev = (high: number, medium = 0) => ({ critical: 0, high, medium, low: 0, informational: 0 });

const h = (id: string, over: Partial<HistoryRecord>): HistoryRecord => ({
  id,
  checkId: 'mi-resource-without-identity',
  resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/${id}`,
  severity: 'high',
  title: 't',
  firstSeen: R1,
  lastSeen: NOW,
  status: 'open',
  openedAt: R1,
  ...over,
});

/**
 * History after the current run: a and b open since run 1; c first seen in run 1 and resolved in run
 * 3; d first seen in run 2 (medium); e first seen in run 1, resolved, and reopened in run 3.
 */
const history: HistoryRecord[] = [
  h('a', {}),
  h('b', {}),
  h('c', { status: 'resolved', resolvedAt: R3 }),
  h('d', { firstSeen: R2, openedAt: R2, severity: 'medium' }),
  h('e', { openedAt: R3 }),
];

const record = (runId: string, startedAt: string, summary: Record<string, unknown>): RunRecord => ({
  runId,
  trigger: 'timer',
  status: 'complete',
  requestedAt: startedAt,
  startedAt,
  finishedAt: startedAt.replace('06:00:00', '06:05:00'),
  summary: summary as unknown as RunRecord['summary'],
});

const current: TrendPoint = {
  runId: 'now',
  finishedAt: NOW,
  status: 'complete',
  bySeverity: sev(3, 1),
  new: 0,
  resolved: 0,
  medianAgeDays: 23,
};

describe('the trend across runs recorded by different versions', () => {
  it('takes every value from a record that has it, new counting reopened findings', () => {
    const r3 = record('r3', R3, {
      bySeverity: sev(3, 1),
      new: 0,
      reopened: 1,
      resolved: 1,
      findings: 4,
      medianAgeDays: 20,
      alerts: [],
    });
    const [point] = trendPoints([r3], history, current);
    expect(point).toEqual({
      runId: 'r3',
      finishedAt: '2026-11-21T06:05:00.000Z',
      status: 'complete',
      bySeverity: sev(3, 1),
      new: 1,
      resolved: 1,
      medianAgeDays: 20,
    });
  });

  it('derives what an old record lacks from the findings history, and says it was derived', () => {
    // Run 2's record as the first version wrote it: no reopened, no median age.
    const old = record('r2', R2, { bySeverity: sev(4, 1), new: 1, resolved: 0, findings: 5, alerts: [] });
    const [point] = trendPoints([old], history, current);
    // Open at run 2: a, b, c (resolved later), d (first seen then); e reopened later is unknown then.
    // Ages 10, 10, 10, 0: median 10 (lower middle).
    expect(point).toMatchObject({ new: 1, resolved: 0, medianAgeDays: 10, bySeverity: sev(4, 1) });
    expect(point!.derived).toEqual(['new', 'medianAgeDays']);
  });

  it('derives severity counts, new and resolved when a record has only the severity-less summary', () => {
    const bare = record('r3', R3, { findings: 4, alerts: [] });
    const [point] = trendPoints([bare], history, current);
    // At run 3: a, b, d open (c resolved at run 3's start; e reopened at run 3 is open then).
    expect(point).toMatchObject({ bySeverity: sev(3, 1), new: 1, resolved: 1 });
    expect(point!.derived).toEqual(['bySeverity', 'new', 'resolved', 'medianAgeDays']);
  });

  it('orders past runs oldest first, leaves out failed and unfinished runs, and ends with this run', () => {
    const full = {
      bySeverity: sev(1),
      new: 1,
      reopened: 0,
      resolved: 0,
      findings: 1,
      medianAgeDays: 0,
      alerts: [],
    };
    const points = trendPoints(
      [
        record('r3', R3, full),
        { ...record('crashed', R2, full), status: 'failed' },
        { ...record('running', R2, full), finishedAt: undefined, status: 'running' },
        record('r1', R1, full),
        { ...record('now', NOW, full) },
      ],
      history,
      current,
    );
    expect(points.map((p) => p.runId)).toEqual(['r1', 'r3', 'now']);
    expect(points.at(-1)).toBe(current);
  });
});
