import { severityRank } from '../severity.js';
import type { ReportFinding } from './reportModel.js';

/**
 * The order of a report's findings: most severe first, then by check and by resource, and where a
 * check finds one resource for several principals, by id. The id makes the order total, so it
 * never depends on the order in which Azure's pages came in (batches of subscriptions are read at
 * once, and the first to answer is not always the same).
 */
export function compareReportFindings(
  a: Pick<ReportFinding, 'severity' | 'checkId' | 'resourceId' | 'id'>,
  b: Pick<ReportFinding, 'severity' | 'checkId' | 'resourceId' | 'id'>,
): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    a.resourceId.localeCompare(b.resourceId) ||
    a.id.localeCompare(b.id)
  );
}
