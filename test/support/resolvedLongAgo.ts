import type { HistoryRecord } from '../../src/model/history.js';

/**
 * A finding resolved months before any test run, in a subscription no tenant has: a history record
 * that a run must leave exactly as stored (it is neither this run's finding nor one it resolves).
 */
export const RESOLVED_LONG_AGO: Readonly<HistoryRecord> = Object.freeze({
  id: 'resolved-long-ago',
  checkId: 'kv-access-policy-model',
  resourceId: '/subscriptions/gone/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/old',
  severity: 'medium',
  title: 'old',
  firstSeen: '2026-01-01T00:00:00.000Z',
  lastSeen: '2026-02-01T00:00:00.000Z',
  status: 'resolved',
  resolvedAt: '2026-02-02T00:00:00.000Z',
  openedAt: '2026-01-01T00:00:00.000Z',
});
