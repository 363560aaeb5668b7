import type { HistoryRecord } from '../../src/model/history.js';

/** A findings-history record of an App Service site named by its id: what the history stores keep. */
export function historyRecord(
  id: string,
  status: HistoryRecord['status'] = 'open',
  lastSeen = '2026-11-24T06:00:00Z',
): HistoryRecord {
  return {
    id,
    checkId: 'mi-resource-without-identity',
    resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/${id}`,
    severity: 'high',
    title: 't',
    firstSeen: '2026-11-01T06:00:00Z',
    lastSeen,
    status,
    openedAt: '2026-11-01T06:00:00Z',
  };
}
