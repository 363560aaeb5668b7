import type { AuditSnapshot } from '../../collect/snapshot.js';
import { blindEverywhere, evaluateChecks, type CheckOutcome } from '../evaluateChecks.js';
import type { RunContext } from '../runContext.js';

/** Stage 4: runs the run's checks over the snapshot, with the settings they read. */
export function evaluate(run: RunContext, snapshot: AuditSnapshot): CheckOutcome[] {
  run.progress('evaluate');
  const { config } = run.deps;
  return evaluateChecks(run.checks, snapshot, {
    now: run.startedAt,
    kvMassRetrievalThreshold: config.kvMassRetrievalThreshold,
    maxOwners: config.maxOwners,
    appCredentialExpiryDays: config.appCredentialExpiryDays,
    ...(config.auditorStorageAccountId ? { auditorStorageAccountId: config.auditorStorageAccountId } : {}),
    auditorTelemetryResourceIds: config.auditorTelemetryResourceIds,
  });
}

/** Every check `error` for one reason: what a run that could read nothing reports. */
export function allChecksFailed(run: RunContext, reason: string): CheckOutcome[] {
  return run.checks.map((c) => ({
    metadata: c.metadata,
    status: 'error',
    evaluated: 0,
    findings: [],
    errors: [reason],
    blind: blindEverywhere(reason),
    sourceBlind: blindEverywhere(reason),
  }));
}
