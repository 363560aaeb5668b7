import fc from 'fast-check';
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

  it('apply 2,000 suppressions to 23,000 findings, each pattern compiled once, first match in file order', () => {
    const sub = '11111111-1111-1111-1111-111111111111';
    const base = sampleReport().findings[0]!;
    const findings: ReportFinding[] = Array.from({ length: 23_000 }, (_, i) => ({
      ...base,
      id: String(i),
      checkId: i % 2 ? 'mi-resource-without-identity' : 'kv-access-denied',
      resourceId: `/subscriptions/${sub}/resourceGroups/rg-${i % 500}/providers/Microsoft.Web/sites/app-${i}`,
    }));
    const suppressions = parseSuppressions({
      suppressions: [
        // 1,997 that match nothing: hostile many-star patterns, exact ids, other checks.
        ...Array.from({ length: 1_997 }, (_, i) => ({
          ...(i % 3 === 0
            ? { resourceId: `${'*a'.repeat(12)}*/sites/none-${i}` }
            : i % 3 === 1
              ? {
                  resourceId: `/subscriptions/${sub}/resourcegroups/rg-1/providers/microsoft.web/sites/x-${i}`,
                }
              : { checkId: 'rbac-guest-privileged', resourceId: '*' }),
          reason: `unrelated ${i}`,
          expires: '2027-01-01',
        })),
        { resourceId: '*/resourceGroups/rg-7/*', reason: 'resource group 7', expires: '2027-01-01' },
        {
          checkId: 'kv-access-denied',
          resourceId: `/subscriptions/${sub}/resourceGroups/rg-7/providers/Microsoft.Web/sites/app-7`,
          reason: 'exact, but later in the file',
          expires: '2027-01-01',
        },
        {
          checkId: 'kv-access-denied',
          resourceId: '*/sites/app-1*',
          reason: 'app-1…',
          expires: '2027-01-01',
        },
      ],
    });
    applySuppressions(findings, suppressions, now);
    const reasons = new Map<string, number>();
    for (const f of findings)
      if (f.suppressed) reasons.set(f.suppressed.reason, (reasons.get(f.suppressed.reason) ?? 0) + 1);
    expect(findings[7]!.suppressed?.reason).toBe('resource group 7');
    expect(findings[10]!.suppressed?.reason).toBe('app-1…');
    expect(findings[11]!.suppressed).toBeUndefined();
    expect(reasons.get('resource group 7')).toBe(46);
    expect([...reasons.keys()].some((r) => r.startsWith('unrelated'))).toBe(false);
  });

  it('any suppressions file either parses or is refused with an InputError naming a JSON path', () => {
    const entry = fc.record(
      {
        checkId: fc.oneof(fc.string(), fc.constant('kv-access-denied')),
        resourceId: fc.string(),
        subscriptionId: fc.oneof(fc.uuid(), fc.string()),
        tag: fc.oneof(fc.record({ name: fc.string(), value: fc.string() }), fc.anything()),
        reason: fc.string(),
        expires: fc.oneof(
          fc.constant('2027-01-01'),
          fc.string(),
          fc.date().map((d) => d.toString()),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ suppressions: fc.array(fc.oneof(entry, fc.anything())) })),
        (input) => {
          try {
            const parsed = parseSuppressions(input);
            applySuppressions(sampleReport().findings, parsed, now);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as InputError).path).toMatch(/^suppressions \$/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
