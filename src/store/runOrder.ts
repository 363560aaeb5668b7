import type { RunRecord } from './types.js';

/**
 * Newest run first, by when it started (when it was asked for, while it waits in the queue), then by
 * id. The id alone is not enough: it has whole seconds (`20261120T060000Z-1a2b3c`) and a random
 * tail, so two runs in one second (on-demand runs of a small tenant) came out in either order, and
 * the dashboard's trend put a later run before an earlier one. The times are ISO strings with
 * milliseconds, which sort as text.
 */
export function newestRunFirst(a: RunRecord, b: RunRecord): number {
  const at = (r: RunRecord) => r.startedAt ?? r.requestedAt;
  const byTime = at(b).localeCompare(at(a));
  return byTime !== 0 ? byTime : b.runId.localeCompare(a.runId);
}
