import type { AuditReport, CoverageError } from './reportModel.js';

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
