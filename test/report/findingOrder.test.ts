import { describe, expect, it } from 'vitest';

import { compareReportFindings } from '../../src/report/findingOrder.js';

const finding = (severity: 'critical' | 'high' | 'low', checkId: string, resourceId: string, id: string) => ({
  severity,
  checkId,
  resourceId,
  id,
});

describe('the order of a report’s findings', () => {
  it('is most severe first, then by check, by resource and by id, whatever order they came in', () => {
    const ordered = [
      finding('critical', 'rbac-owner', '/subscriptions/a', 'f2'),
      finding('high', 'kv-audit', '/subscriptions/a/v', 'f9'),
      finding('high', 'rbac-owner', '/subscriptions/a', 'f1'),
      finding('high', 'rbac-owner', '/subscriptions/a', 'f3'),
      finding('high', 'rbac-owner', '/subscriptions/b', 'f0'),
      finding('low', 'mi-none', '/subscriptions/a/x', 'f5'),
    ];
    // The same findings for one resource and check (several principals) in two arrival orders.
    const arrivals = [
      [...ordered].reverse(),
      [ordered[3]!, ordered[5]!, ordered[2]!, ordered[0]!, ordered[4]!, ordered[1]!],
    ];
    for (const arrival of arrivals) expect([...arrival].sort(compareReportFindings)).toEqual(ordered);
  });
});
