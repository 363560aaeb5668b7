import { AuditInProgressError, ensureError, type CollectorError } from '../errors.js';
import { keepLease } from '../store/keepLease.js';
import type { AuditReport } from '../report/reportModel.js';
import type { AuditDeps, AuditRequest, AuditResult } from './auditDeps.js';
import { createRunContext, type RunContext } from './runContext.js';
import { releaseEvaluatedData } from './releaseEvaluatedData.js';
import { recordInterrupted, recordRun } from './runRecord.js';
import { newRunId } from './runId.js';
import { alert } from './stages/alert.js';
import { assembleReport } from './stages/assembleReport.js';
import { collect } from './stages/collect.js';
import { allChecksFailed, evaluate } from './stages/evaluate.js';
import { identify } from './stages/identify.js';
import { plan } from './stages/plan.js';
import { NOTHING_RECONCILED, reconcile, type Reconciled } from './stages/reconcile.js';
import { publishLatest, saveReports } from './stages/save.js';
import { saveHistory } from './stages/saveHistory.js';

export type { AuditDeps, AuditRequest, AuditResult } from './auditDeps.js';
export { newRunId } from './runId.js';
export { renderAll } from './renderAll.js';

/**
 * One audit. Holds the audit lease for its whole run, renewing it, so that two audits never race
 * on history; a second caller gets AuditInProgressError. The run record says `running`, then how it ended.
 */
export async function runAudit(deps: AuditDeps, request: AuditRequest): Promise<AuditResult> {
  const startedAt = deps.clock();
  const runId = request.runId ?? newRunId(startedAt);
  const lock = await deps.stores.runs.acquireLock(runId, startedAt);
  if (!lock.ok) throw new AuditInProgressError(lock.holder);
  if (lock.expiredHolder) await recordInterrupted(deps.stores.runs, lock.expiredHolder, startedAt, deps.log);
  const lease = keepLease(deps.stores.runs, runId, deps.clock, deps.log);
  try {
    const queued = await deps.stores.runs.get(runId);
    const run = createRunContext(deps, request, runId, startedAt, queued);
    await recordRun(run, { state: 'running', queued });
    try {
      const result = await stages(run);
      await recordRun(run, { state: 'finished', result });
      return result;
    } catch (e) {
      const error = ensureError(e);
      // Storage may be what failed: recording the failure is best effort, the error is what counts.
      await recordRun(run, { state: 'failed', error }).catch((r: unknown) =>
        deps.log?.(`run ${runId} could not be recorded as failed: ${ensureError(r).message}`),
      );
      throw error;
    }
  } finally {
    lease.stop();
    // Released even when storage failed mid-run; if this fails too, the lease expires in minutes.
    await deps.stores.runs
      .releaseLock(runId)
      .catch((e: unknown) => deps.log?.(`lease of ${runId} not released: ${ensureError(e).message}`));
  }
}

/** The stages, in order. Each is one file under `stages/`; only this function knows their order. */
async function stages(run: RunContext): Promise<AuditResult> {
  const identified = await identify(run);
  if (!identified.ok) return failed(run, identified.error);
  const observed = await observe(run, identified.identity);
  const { report } = observed;
  const files = await saveReports(run, report);
  // History before alerts: if it cannot be saved, nothing is alerted (and re-alerted next run).
  // Only what the run changed is written; the rest of history is as stored.
  await saveHistory(run, observed.changed);
  await publishLatest(run, report);
  const { alerts, marked } = await alert(run, report, observed.history);
  if (marked.length) await saveHistory(run, marked);
  return { report, files, alerts };
}

/**
 * Collect, evaluate, reconcile and assemble the report. The snapshot lives only in this function:
 * an async function keeps its variables while it waits, so once the report is assembled the
 * snapshot (every resource row, assignment and log aggregate read) must be out of scope before the
 * outputs are rendered and the alerts sent, or it would double the memory of the largest step.
 * What only the checks read is let go as soon as they have run (`releaseEvaluatedData`).
 */
async function observe(
  run: RunContext,
  identity: Parameters<typeof plan>[1],
): Promise<{ report: AuditReport; history: Reconciled['history']; changed: Reconciled['changed'] }> {
  const snapshot = await collect(run, plan(run, identity));
  const outcomes = evaluate(run, snapshot);
  releaseEvaluatedData(snapshot);
  const reconciled = await reconcile(run, snapshot, outcomes);
  const report = await assembleReport(run, { snapshot, outcomes, reconciled });
  return { report, history: reconciled.history, changed: reconciled.changed };
}

/** A run that could read nothing: a `failed` report saying why; history and alerts untouched. */
async function failed(run: RunContext, error: CollectorError): Promise<AuditResult> {
  const report = await assembleReport(run, {
    outcomes: allChecksFailed(run, error.message),
    reconciled: NOTHING_RECONCILED,
    failure: {
      source: 'pipeline',
      scope: error.scope,
      message: error.message,
      ...error.upstream,
    },
  });
  return { report, files: await saveReports(run, report), alerts: [] };
}
