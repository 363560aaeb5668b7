import type { InvocationContext } from '@azure/functions';

import { AuditInProgressError, NotFoundError } from '../errors.js';
import type { AuditResult } from '../pipeline/runAudit.js';
import { parseLookback } from '../util/isoDuration.js';
import { runAuditWithTelemetry } from './runAuditWithTelemetry.js';
import type { RunRequestBody } from './auditRun.js';
import { depsFromSettings } from './handlerDeps.js';

/**
 * Queue handler: runs an audit that `POST /api/audit/runs` queued, with the request's options.
 * Idempotent by run id: the run record moves from `queued` to `running` once (`claim`), so a
 * message delivered again for a run that started or finished is acknowledged and does nothing: no
 * second audit, no second alert. If another audit holds the lease, the run goes back to `queued`
 * and the error makes the queue deliver the message again later.
 */
export async function auditRunWorker(
  message: unknown,
  context: InvocationContext,
): Promise<AuditResult | undefined> {
  const runId = typeof message === 'object' && message && 'runId' in message ? String(message.runId) : '';
  const deps = depsFromSettings((m) => context.warn(m));
  const run = await deps.stores.runs.get(runId);
  if (!run) throw new NotFoundError(`No queued audit run ${runId}.`);
  if (!(await deps.stores.runs.claim(runId, deps.clock()))) {
    context.warn(`Audit run ${runId} is already ${run.status}; this delivery is acknowledged and ignored.`);
    return undefined;
  }
  const request = (run.request ?? {}) as RunRequestBody;
  const lookback = request.lookback ? parseLookback(request.lookback) : undefined;
  return runAuditWithTelemetry(deps, {
    trigger: 'http',
    runId,
    ...(request.subscriptions ? { subscriptions: request.subscriptions.map((s) => s.toLowerCase()) } : {}),
    ...(request.checks ? { checks: request.checks } : {}),
    ...(lookback && !('problem' in lookback) ? { lookback } : {}),
  }).catch(async (e: unknown) => {
    if (e instanceof AuditInProgressError) await deps.stores.runs.put({ ...run, status: 'queued' });
    context.error(e);
    throw e;
  });
}
