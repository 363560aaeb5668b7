import type { AuditReport, CoverageError, ReportFinding } from './reportModel.js';

/** One coverage error as a sentence fragment: source, scope, HTTP status and code, message. */
export function describeCoverageError(e: CoverageError): string {
  const status = e.statusCode
    ? ` (${e.statusCode}${e.code ? ` ${e.code}` : ''})`
    : e.code
      ? ` (${e.code})`
      : '';
  return `${e.source} at ${e.scope}${status}: ${e.message}`;
}

/**
 * Why a failed run failed, in one sentence, for the CLI, the Markdown report and the dashboard:
 * the pipeline's own error (no token, say) when there is one, else the first coverage error.
 * Undefined for a run that did not fail.
 */
export function failureSentence(report: Pick<AuditReport, 'status' | 'coverage'>): string | undefined {
  if (report.status !== 'failed') return undefined;
  const cause =
    report.coverage.errors.find((e) => e.source === 'pipeline' && e.code !== 'SuppressionExpired') ??
    report.coverage.errors[0];
  return cause
    ? `The audit failed and evaluated nothing: ${describeCoverageError(cause)}`
    : 'The audit failed and evaluated nothing; no reason was recorded.';
}

/** Median age in whole days of the open (unsuppressed) findings; undefined when there are none. */
export function medianAgeDays(
  findings: readonly Pick<ReportFinding, 'ageDays' | 'suppressed'>[],
): number | undefined {
  const ages: number[] = [];
  for (const f of findings) if (!f.suppressed && f.ageDays !== undefined) ages.push(f.ageDays);
  if (!ages.length) return undefined;
  ages.sort((a, b) => a - b);
  return ages[Math.floor((ages.length - 1) / 2)];
}
