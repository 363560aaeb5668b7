import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { runQuery, tableFromObjects } from '../../../emulator/kql/index.js';

const now = new Date('2026-11-20T06:00:00Z');
const rowArb = fc.record({
  k: fc.constantFrom('a', 'b', 'c', 'A'),
  n: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  s: fc.constantFrom('x y', 'xy', 'Y', ''),
});
const schema = [
  { name: 'k', type: 'string' as const },
  { name: 'n', type: 'long' as const },
  { name: 's', type: 'string' as const },
];
const predicate = fc.constantFrom(
  'n > 0',
  'n <= 2',
  "k == 'a'",
  "k =~ 'a'",
  "s has 'y'",
  'isnull(n)',
  "s contains 'x'",
  'n between (-1 .. 3)',
);

const q = (
  rows: Record<string, unknown>[],
  text: string,
  extra: Record<string, Record<string, unknown>[]> = {},
) =>
  runQuery(
    text,
    {
      T: tableFromObjects(rows, schema),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, tableFromObjects(v, schema)])),
    },
    { now },
  );

describe('KQL laws', () => {
  it('where p | where q equals where p and q', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), predicate, predicate, (rows, p1, p2) => {
        expect(q(rows, `T | where ${p1} | where ${p2}`).rows).toEqual(
          q(rows, `T | where (${p1}) and (${p2})`).rows,
        );
      }),
    );
  });

  it('summarize count() equals the number of rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), (rows) => {
        expect(q(rows, 'T | summarize count()').rows).toEqual([[rows.length]]);
        const byKey = q(rows, 'T | summarize c = count() by k').rows.reduce(
          (sum, r) => sum + (r[1] as number),
          0,
        );
        expect(byKey).toBe(rows.length);
      }),
    );
  });

  it('an inner join is a subset of the left outer join', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 12 }), fc.array(rowArb, { maxLength: 12 }), (left, right) => {
        const inner = q(left, 'T | join kind=inner (U) on k', { U: right }).rows.map((r) =>
          JSON.stringify(r),
        );
        const outer = new Set(
          q(left, 'T | join kind=leftouter (U) on k', { U: right }).rows.map((r) => JSON.stringify(r)),
        );
        for (const r of inner) expect(outer.has(r)).toBe(true);
      }),
    );
  });

  it('leftsemi and leftanti partition the left table', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 15 }), fc.array(rowArb, { maxLength: 15 }), (left, right) => {
        const semi = q(left, 'T | join kind=leftsemi (U) on k', { U: right }).rows.length;
        const anti = q(left, 'T | join kind=leftanti (U) on k', { U: right }).rows.length;
        expect(semi + anti).toBe(left.length);
      }),
    );
  });

  it('dcount equals the number of distinct values', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), (rows) => {
        expect(q(rows, 'T | summarize dcount(k)').rows[0]![0]).toBe(new Set(rows.map((r) => r.k)).size);
      }),
    );
  });
});
