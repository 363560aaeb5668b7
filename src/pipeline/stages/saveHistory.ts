import type { HistoryRecord } from '../../model/history.js';
import type { RunContext } from '../runContext.js';

/** Keeps the findings' history (states, dates, what was alerted) for the next run: the records given. */
export async function saveHistory(run: RunContext, history: readonly HistoryRecord[]): Promise<void> {
  await run.deps.stores.history.save(history);
}
