import type { AuditReport } from '../report/reportModel.js';
import { isAtLeast, type Severity } from '../severity.js';

/** The exit codes of `mi-auditor audit` (docs/contract.md). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  findingAtOrAboveFailOn: 3,
  partial: 4,
} as const;

/**
 * The CLI's verdict on a finished run, failing closed: a failed run is 1; a finding at or above
 * `--fail-on` is 3 (it is certain, whatever else could not be read); a partial run is 4 unless
 * `--allow-partial`, because what it could not read may hide findings; otherwise 0.
 */
export function exitCodeFor(
  report: Pick<AuditReport, 'status' | 'findings'>,
  options: { failOn?: Severity | undefined; allowPartial?: boolean | undefined },
): number {
  if (report.status === 'failed') return EXIT.failed;
  const { failOn } = options;
  if (failOn && report.findings.some((f) => !f.suppressed && isAtLeast(f.severity, failOn)))
    return EXIT.findingAtOrAboveFailOn;
  if (report.status === 'partial' && !options.allowPartial) return EXIT.partial;
  return EXIT.ok;
}
