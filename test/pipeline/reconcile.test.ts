import { describe, expect, it } from 'vitest';

import type { CurrentFinding, HistoryRecord } from '../../src/model/history.js';
import { reconcile } from '../../src/pipeline/reconcile.js';

const now = new Date('2026-11-20T06:00:00Z');
const f = (id: string, sub = 's1', checkId = 'c1'): CurrentFinding => ({
  id,
  checkId,
  resourceId: `/subscriptions/${sub}/x/${id}`,
  subscriptionId: sub,
  severity: 'high',
  title: 't',
});
const h = (id: string, status: HistoryRecord['status'], sub = 's1', checkId = 'c1'): HistoryRecord => ({
  ...f(id, sub, checkId),
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-19T00:00:00.000Z',
  status,
  openedAt: '2026-11-01T00:00:00.000Z',
});
const everything = {
  cleanChecks: new Set(['c1']),
  readSubscriptions: new Set(['s1', 's2']),
  tenantWide: true,
};

describe('reconcile', () => {
  it('calls unseen findings new, open ones existing (keeping firstSeen), resolved ones reopened', () => {
    const r = reconcile([f('a'), f('b'), f('c')], [h('b', 'open'), h('c', 'resolved')], everything, now);
    expect(Object.fromEntries(r.states)).toEqual({
      a: { state: 'new', firstSeen: now.toISOString() },
      b: { state: 'existing', firstSeen: '2026-11-01T00:00:00.000Z' },
      c: { state: 'reopened', firstSeen: '2026-11-01T00:00:00.000Z' },
    });
    expect(r.history.find((x) => x.id === 'c')?.openedAt).toBe(now.toISOString());
  });

  it('lists as changed only the records this run changed: new, reopened, altered and resolved', () => {
    const r = reconcile(
      [
        f('a'),
        f('b'),
        f('back'),
        { ...f('worse'), severity: 'critical' },
        { ...f('moved'), principalId: 'p2' },
      ],
      [
        h('b', 'open'),
        h('back', 'resolved'),
        h('worse', 'open'),
        h('moved', 'open'),
        h('gone', 'open'),
        h('old', 'resolved'),
        h('unseen', 'open', 's3'),
      ],
      everything,
      now,
    );
    expect(r.changed.map((x) => [x.id, x.status])).toEqual([
      ['a', 'open'],
      ['back', 'open'],
      ['worse', 'open'],
      ['moved', 'open'],
      ['gone', 'resolved'],
    ]);
    // The rest of history is carried as it was read, for the alerts to consult.
    expect(r.history.map((x) => x.id).sort()).toEqual([
      'a',
      'b',
      'back',
      'gone',
      'moved',
      'old',
      'unseen',
      'worse',
    ]);
  });

  it('does not rewrite an open finding seen as it was: only its lastSeen would change', () => {
    const r = reconcile([f('b')], [h('b', 'open')], everything, now);
    expect(r.changed).toEqual([]);
    expect(r.states.get('b')).toEqual({ state: 'existing', firstSeen: '2026-11-01T00:00:00.000Z' });
    // In this run's view of history (for the alerts) it was seen now.
    expect(r.history[0]).toMatchObject({ id: 'b', status: 'open', lastSeen: now.toISOString() });
  });

  it('resolves an open finding that is gone from an observed scope', () => {
    const r = reconcile([], [h('a', 'open')], everything, now);
    expect(r.resolved.map((x) => x.id)).toEqual(['a']);
    expect(r.history[0]).toMatchObject({ status: 'resolved', resolvedAt: now.toISOString() });
  });

  it('does not resolve when the check had errors, the subscription was not read, or the run was scoped', () => {
    expect(reconcile([], [h('a', 'open')], { ...everything, cleanChecks: new Set() }, now).resolved).toEqual(
      [],
    );
    expect(reconcile([], [h('a', 'open', 's9')], everything, now).resolved).toEqual([]);
    const tenantFinding = { ...h('t', 'open'), subscriptionId: undefined } as HistoryRecord;
    expect(reconcile([], [tenantFinding], { ...everything, tenantWide: false }, now).resolved).toEqual([]);
    expect(reconcile([], [h('a', 'open')], everything, now).history[0]!.status).toBe('resolved');
  });

  it('keeps already-resolved findings as they were', () => {
    const r = reconcile([], [h('a', 'resolved')], everything, now);
    expect(r.resolved).toEqual([]);
    expect(r.history).toEqual([h('a', 'resolved')]);
  });
});
