import { describe, expect, it } from 'vitest';

import { EXIT, exitCodeFor } from '../../src/cli/exitCode.js';
import type { ReportFinding } from '../../src/report/reportModel.js';

const high = { severity: 'high' } as ReportFinding;
const suppressedCritical = {
  severity: 'critical',
  suppressed: { reason: 'r', expires: '2099-01-01' },
} as ReportFinding;

describe('the exit code of mi-auditor audit fails closed (docs/contract.md)', () => {
  it.each([
    ['complete', [], {}, EXIT.ok],
    ['complete', [high], {}, EXIT.ok],
    ['complete', [high], { failOn: 'high' }, EXIT.findingAtOrAboveFailOn],
    ['complete', [high], { failOn: 'critical' }, EXIT.ok],
    ['complete', [suppressedCritical], { failOn: 'low' }, EXIT.ok],
    ['partial', [], {}, EXIT.partial],
    ['partial', [], { failOn: 'low' }, EXIT.partial],
    ['partial', [], { allowPartial: true }, EXIT.ok],
    ['partial', [high], { failOn: 'medium' }, EXIT.findingAtOrAboveFailOn],
    ['partial', [high], { failOn: 'medium', allowPartial: true }, EXIT.findingAtOrAboveFailOn],
    ['failed', [], { allowPartial: true }, EXIT.failed],
    ['failed', [high], { failOn: 'low' }, EXIT.failed],
  ] as const)('a %s run with %j and %j exits %i', (status, findings, options, code) => {
    expect(exitCodeFor({ status, findings: [...findings] }, options)).toBe(code);
  });
});
