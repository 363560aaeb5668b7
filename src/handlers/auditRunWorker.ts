import type { InvocationContext } from '@azure/functions';

import { NotFoundError } from '../errors.js';
import type { AuditResult } from '../pipeline/runAudit.js';
import { parseLookback } from '../util/isoDuration.js';
import { runAuditWithTelemetry } from './runAuditWithTelemetry.js';
import type { RunRequestBody } from './auditRun.js';
import { depsFromSettings } from './handlerDeps.js';

/** Queue handler: runs an audit that `POST /api/audit/runs` queued, with the request's options. */
export async function auditRunWorker(message: unknown, context: InvocationContext): Promise<AuditResult> {
  const runId = typeof message === 'object' && message && 'runId' in message ? String(message.runId) : '';
  const deps = depsFromSettings((m) => context.warn(m));
  const run = await deps.stores.runs.get(runId);
  if (!run) throw new NotFoundError(`No queued audit run ${runId}.`);
  const request = (run.request ?? {}) as RunRequestBody;
  const lookback = request.lookback ? parseLookback(request.lookback) : undefined;
  return runAuditWithTelemetry(deps, {
    trigger: 'http',
    runId,
    ...(request.subscriptions ? { subscriptions: request.subscriptions.map((s) => s.toLowerCase()) } : {}),
    ...(request.checks ? { checks: request.checks } : {}),
    ...(lookback && !('problem' in lookback) ? { lookback } : {}),
  }).catch((e: unknown) => {
    context.error(e);
    throw e;
  });
}
