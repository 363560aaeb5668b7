import { AuditInProgressError, ensureError } from '../errors.js';
import {
  newRunId,
  runAudit,
  type AuditDeps,
  type AuditRequest,
  type AuditResult,
} from '../pipeline/runAudit.js';
import { startAuditTelemetry } from '../telemetry/auditTelemetry.js';
import { startTelemetry } from '../telemetry/startTelemetry.js';

/**
 * What the timer and the queue worker run: the audit, with its trace, stage spans, structured logs
 * and per-run metrics (src/telemetry). The run id is fixed first so that every record carries it.
 */
export async function runAuditWithTelemetry(deps: AuditDeps, request: AuditRequest): Promise<AuditResult> {
  await startTelemetry();
  const runId = request.runId ?? newRunId(deps.clock());
  const telemetry = startAuditTelemetry(runId, request.trigger);
  const progress = deps.progress;
  try {
    const result = await runAudit(
      {
        ...deps,
        progress: (step) => {
          progress?.(step);
          telemetry.stage(step);
        },
      },
      { ...request, runId },
    );
    telemetry.finished(result.report);
    return result;
  } catch (e) {
    if (e instanceof AuditInProgressError) telemetry.skipped(e.message);
    else telemetry.failed(ensureError(e));
    throw e;
  }
}
