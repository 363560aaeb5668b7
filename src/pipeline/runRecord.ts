import { medianAgeDays } from '../report/runOutcome.js';
import type { AuditReport } from '../report/reportModel.js';
import type { RunRecord, RunStore } from '../store/types.js';

const medianAge = (report: AuditReport) => {
  const days = medianAgeDays(report.findings);
  return days === undefined ? {} : { medianAgeDays: days };
};
import type { AuditResult } from './auditDeps.js';
import type { RunContext } from './runContext.js';

/** Where a run is: started (keeping what the queued record held), finished with a report, or failed. */
export type RunProgress =
  | { state: 'running'; queued: RunRecord | undefined }
  | { state: 'finished'; result: AuditResult }
  | { state: 'failed'; error: Error };

/** The run's record in the run index at each point of its life; the one place a run record is made. */
export function runRecord(run: RunContext, progress: RunProgress): RunRecord {
  const base = { runId: run.runId, trigger: run.request.trigger, requestedAt: run.requestedAt };
  switch (progress.state) {
    case 'running':
      return { ...progress.queued, ...base, status: 'running', startedAt: run.startedAt.toISOString() };
    case 'finished': {
      const { report, alerts } = progress.result;
      return {
        ...base,
        status: report.status,
        startedAt: report.startedAt,
        finishedAt: report.finishedAt,
        summary: {
          bySeverity: report.summary.bySeverity,
          new: report.summary.new,
          reopened: report.summary.reopened,
          resolved: report.summary.resolved,
          findings: report.findings.length,
          ...medianAge(report),
          alerts,
        },
      };
    }
    case 'failed':
      return {
        ...base,
        status: 'failed',
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.deps.clock().toISOString(),
        error: progress.error.message,
      };
  }
}

/** Writes the run's record (see runRecord). */
export async function recordRun(run: RunContext, progress: RunProgress): Promise<void> {
  await run.deps.stores.runs.put(runRecord(run, progress));
}

/** Why a run that was left `running` when its lease expired is now `failed`. */
export const INTERRUPTED = 'interrupted (lease expired)';

/**
 * Marks a run whose lease expired under it (the process was killed or crashed mid-run) as `failed`,
 * so that history and the run API never show a run stuck `running`. Only a `running` record is
 * changed: one that finished, or a queued run not started yet, stays as it is. Best effort: the
 * new run goes ahead whatever storage says.
 */
export async function recordInterrupted(
  runs: RunStore,
  runId: string,
  at: Date,
  log?: (message: string) => void,
): Promise<void> {
  try {
    const stale = await runs.get(runId);
    if (stale?.status !== 'running') return;
    await runs.put({ ...stale, status: 'failed', finishedAt: at.toISOString(), error: INTERRUPTED });
    log?.(`audit ${runId} was ${INTERRUPTED}: marked failed`);
  } catch (e) {
    log?.(`audit ${runId} (lease expired) could not be marked failed: ${(e as Error).message}`);
  }
}
