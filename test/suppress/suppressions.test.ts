import { describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { applySuppressions, parseSuppressions } from '../../src/suppress/suppressions.js';
import type { ReportFinding } from '../../src/report/reportModel.js';
import { sampleReport } from '../report/sampleReport.js';

const now = new Date('2026-11-20T06:00:00Z');

describe('suppressions', () => {
  it('suppress by check, resource pattern, subscription and tag, until they expire', () => {
    const findings: ReportFinding[] = sampleReport().findings.map(({ suppressed: _s, ...f }) => f);
    const { expired } = applySuppressions(
      findings,
      parseSuppressions({
        suppressions: [
          {
            checkId: 'rbac-privileged-role-broad-scope',
            reason: 'break-glass account, reviewed quarterly',
            expires: '2027-03-31',
          },
          {
            resourceId: '*/sites/app1',
            subscriptionId: '11111111-1111-1111-1111-111111111111',
            reason: 'being migrated',
            expires: '2026-12-31',
          },
          { tag: { name: 'env', value: 'sandbox' }, reason: 'sandbox', expires: '2027-01-01' },
          { checkId: 'mi-resource-without-identity', reason: 'old exception', expires: '2026-01-01' },
        ],
      }),
      now,
      (id) => (id.includes('onerror') ? { Env: 'sandbox' } : undefined),
    );
    expect(findings.map((f) => f.suppressed?.reason)).toEqual([
      'being migrated',
      'sandbox',
      'break-glass account, reviewed quarterly',
      'being migrated',
    ]);
    expect(expired.map((s) => s.reason)).toEqual(['old exception']);
  });

  it.each([
    [{ suppressions: [{ checkId: 'x', expires: '2027-01-01' }] }, 'suppressions $.suppressions[0].reason'],
    [
      { suppressions: [{ checkId: 'x', reason: 'because', expires: 'soon' }] },
      'suppressions $.suppressions[0].expires',
    ],
    [{ suppressions: [{ reason: 'because', expires: '2027-01-01' }] }, 'suppressions $.suppressions[0]'],
    [
      { suppressions: [{ subscriptionId: 'prod', reason: 'because', expires: '2027-01-01' }] },
      'suppressions $.suppressions[0].subscriptionId',
    ],
  ])('refuse a bad entry and name its JSON path', (input, path) => {
    let error: unknown;
    try {
      parseSuppressions(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).path).toBe(path);
  });
});
