import { lacksDataFor } from './checkDependencies.js';
import type { CheckOutcome } from './evaluateChecks.js';
import { fingerprint } from './fingerprint.js';

/**
 * The ids of the outcome's findings that are reported, less those found where the check's sources
 * were unread and not already open. The outcome is updated in place (its findings, filtered, and
 * its errors), so the report's check row counts what is reported and says what was withheld; the
 * ids are in the order of the outcome's findings as they remain. No finding is copied: at a
 * million resources every copy of the finding set costs hundreds of MiB.
 */
export function withholdUnobserved(outcome: CheckOutcome, open: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  let withheld = 0;
  const kept = outcome.findings.filter((f) => {
    const id = fingerprint(f);
    if (!open.has(id) && lacksDataFor(outcome.sourceBlind, f)) {
      withheld++;
      return false;
    }
    ids.push(id);
    return true;
  });
  if (withheld > 0) {
    outcome.findings = kept;
    outcome.errors.push(
      `${withheld} finding(s) not reported: found where data this check needs could not be read; a run that reads it will confirm or clear them`,
    );
    outcome.status = 'error';
  }
  return ids;
}
