import { describe, expect, it } from 'vitest';

import { benchFailures, findingMismatches, fullSweepFloorSeconds } from '../../scripts/lib/benchVerdict.js';

const QUOTA = { requests: 15, windowMs: 5000 };

describe('fullSweepFloorSeconds', () => {
  it('lets the first 15 pages through at once and each further 15 one window later', () => {
    expect(fullSweepFloorSeconds(15_000, QUOTA)).toBe(0);
    expect(fullSweepFloorSeconds(15_001, QUOTA)).toBe(5);
    // The figures: 70 pages 20 s, 701 pages 230 s.
    expect(fullSweepFloorSeconds(70_000, QUOTA)).toBe(20);
    expect(fullSweepFloorSeconds(701_000, QUOTA)).toBe(230);
    expect(fullSweepFloorSeconds(100_000, QUOTA)).toBe(30);
  });

  it('shrinks with the quota scale', () => {
    expect(fullSweepFloorSeconds(1_000_000, QUOTA, 10)).toBe(33);
  });
});

describe('findingMismatches', () => {
  it('lists the checks whose counts differ, including checks only one side has', () => {
    expect(findingMismatches({ a: 2, b: 1 }, { a: 2, b: 0, c: 3 })).toEqual([
      { checkId: 'b', expected: 1, found: 0 },
      { checkId: 'c', expected: 0, found: 3 },
    ]);
    expect(findingMismatches({ a: 2 }, { a: 2, b: 0 })).toEqual([]);
  });
});

describe('benchFailures', () => {
  it('accepts a complete run with exactly the planted findings', () => {
    expect(benchFailures({ status: 'complete', findings: 5, expectedFindings: 5, mismatches: [] })).toEqual(
      [],
    );
  });

  it('refuses a partial run even when the counts match', () => {
    expect(benchFailures({ status: 'partial', findings: 5, expectedFindings: 5, mismatches: [] })).toEqual([
      "the audit's status is 'partial', not 'complete'",
    ]);
  });

  it('refuses a wrong count and names the checks', () => {
    const reasons = benchFailures({
      status: 'complete',
      findings: 4,
      expectedFindings: 5,
      mismatches: [{ checkId: 'kv-access-denied', expected: 2, found: 1 }],
    });
    expect(reasons).toEqual(['4 findings where 5 were planted (found/planted: kv-access-denied 1/2)']);
  });
});
