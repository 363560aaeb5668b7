import type { InvocationContext, Timer } from '@azure/functions';

import { AuditInProgressError } from '../errors.js';
import { progressLogLine } from '../model/progress.js';
import type { AuditResult } from '../pipeline/runAudit.js';
import { runAuditWithTelemetry } from './runAuditWithTelemetry.js';
import { depsFromSettings } from './handlerDeps.js';

/**
 * Timer handler: a full audit on the AUDIT_SCHEDULE. If an on-demand audit is still running, this
 * tick is skipped (the next one catches up) rather than racing it on history.
 */
export async function auditTimer(timer: Timer, context: InvocationContext): Promise<AuditResult | undefined> {
  const deps = depsFromSettings((m) => context.warn(m));
  if (timer.isPastDue) context.warn('The audit timer is past due; running now.');
  try {
    const result = await runAuditWithTelemetry(
      { ...deps, progress: (step) => context.log(progressLogLine(step)) },
      { trigger: 'timer' },
    );
    const s = result.report.summary;
    context.log(
      `audit ${result.report.runId} ${result.report.status}: ${result.report.findings.length} findings (critical ${s.bySeverity.critical}, high ${s.bySeverity.high}), new ${s.new}, resolved ${s.resolved}`,
    );
    return result;
  } catch (e) {
    if (e instanceof AuditInProgressError) {
      context.warn(`${e.message} Skipping this scheduled run.`);
      return undefined;
    }
    context.error(e);
    throw e;
  }
}
