import { lacksDataFor } from './checkDependencies.js';
import type { CheckOutcome } from './evaluateChecks.js';
import { fingerprint } from './fingerprint.js';

/**
 * The outcome's findings with their ids, less those found where the check's sources were unread and
 * not already open. The outcome is updated in place (its findings and errors), so the report's
 * check row counts what is reported and says what was withheld.
 */
export function withholdUnobserved(
  outcome: CheckOutcome,
  open: ReadonlySet<string>,
): (CheckOutcome['findings'][number] & { id: string })[] {
  const identified = outcome.findings.map((f) => ({ ...f, id: fingerprint(f) }));
  const kept = identified.filter((f) => open.has(f.id) || !lacksDataFor(outcome.sourceBlind, f));
  const withheld = identified.length - kept.length;
  if (withheld > 0) {
    outcome.findings = kept.map(({ id: _id, ...f }) => f);
    outcome.errors.push(
      `${withheld} finding(s) not reported: found where data this check needs could not be read; a run that reads it will confirm or clear them`,
    );
    outcome.status = 'error';
  }
  return kept;
}
