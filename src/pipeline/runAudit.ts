import { AuditInProgressError, ensureError, type CollectorError } from '../errors.js';
import type { AuditDeps, AuditRequest, AuditResult } from './auditDeps.js';
import { createRunContext, type RunContext } from './runContext.js';
import { recordRun } from './runRecord.js';
import { newRunId } from './runId.js';
import { alert } from './stages/alert.js';
import { assembleReport } from './stages/assembleReport.js';
import { collect } from './stages/collect.js';
import { allChecksFailed, evaluate } from './stages/evaluate.js';
import { identify } from './stages/identify.js';
import { plan } from './stages/plan.js';
import { NOTHING_RECONCILED, reconcile } from './stages/reconcile.js';
import { saveReports } from './stages/save.js';
import { saveHistory } from './stages/saveHistory.js';

export type { AuditDeps, AuditRequest, AuditResult } from './auditDeps.js';
export { newRunId } from './runId.js';
export { renderAll } from './renderAll.js';

/**
 * One audit. Holds the audit lock for its whole run so that two audits never race on history; a
 * second caller gets AuditInProgressError. The run record says `running`, then how it ended.
 */
export async function runAudit(deps: AuditDeps, request: AuditRequest): Promise<AuditResult> {
  const startedAt = deps.clock();
  const runId = request.runId ?? newRunId(startedAt);
  const lock = await deps.stores.runs.acquireLock(runId, startedAt);
  if (!lock.ok) throw new AuditInProgressError(lock.holder);
  const queued = await deps.stores.runs.get(runId);
  const run = createRunContext(deps, request, runId, startedAt, queued);
  await recordRun(run, { state: 'running', queued });
  try {
    const result = await stages(run);
    await recordRun(run, { state: 'finished', result });
    return result;
  } catch (e) {
    const error = ensureError(e);
    await recordRun(run, { state: 'failed', error });
    throw error;
  } finally {
    await deps.stores.runs.releaseLock(runId);
  }
}

/** The stages, in order. Each is one file under `stages/`; only this function knows their order. */
async function stages(run: RunContext): Promise<AuditResult> {
  const identified = await identify(run);
  if (!identified.ok) return failed(run, identified.error);
  const snapshot = await collect(run, plan(run, identified.identity));
  const outcomes = evaluate(run, snapshot);
  const reconciled = await reconcile(run, snapshot, outcomes);
  const report = await assembleReport(run, { snapshot, outcomes, reconciled });
  const files = await saveReports(run, report);
  const { alerts, history } = await alert(run, report, reconciled.history);
  await saveHistory(run, history);
  return { report, files, alerts };
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
