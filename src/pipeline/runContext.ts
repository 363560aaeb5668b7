import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { ProgressListener } from '../model/progress.js';
import type { RunRecord } from '../store/types.js';
import type { AuditDeps, AuditRequest } from './auditDeps.js';

/**
 * What every stage of one run shares: the injected dependencies, the request, and the facts fixed
 * when the run starts. Stages pass their results to each other as arguments, so the order of
 * `runAudit` is the only place the data flow is written down.
 */
export interface RunContext {
  deps: AuditDeps;
  request: AuditRequest;
  runId: string;
  startedAt: Date;
  /** When the run was asked for (a queued on-demand run was requested before it started). */
  requestedAt: string;
  progress: ProgressListener;
  /** The checks this run evaluates: the registry (or injected list), narrowed by the request. */
  checks: readonly Check[];
  lookback: { text: string; ms: number };
}

/** Fixes the run's facts at its start. */
export function createRunContext(
  deps: AuditDeps,
  request: AuditRequest,
  runId: string,
  startedAt: Date,
  existing: RunRecord | undefined,
): RunContext {
  return {
    deps,
    request,
    runId,
    startedAt,
    requestedAt: existing?.requestedAt ?? startedAt.toISOString(),
    progress: deps.progress ?? (() => {}),
    checks: (deps.checks ?? CHECKS).filter(
      (c) => !request.checks?.length || request.checks.includes(c.metadata.id),
    ),
    lookback: request.lookback ?? deps.config.kvLookback,
  };
}
