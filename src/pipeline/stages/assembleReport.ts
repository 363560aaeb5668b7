import { checkById } from '../../checks/registry.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import { compareReportFindings } from '../../report/findingOrder.js';
import { identityAdoption } from '../../report/identityAdoption.js';
import { describeFinding, namedIds, ownershipIndex, type OwnershipIndex } from '../../report/ownership.js';
import type { AuditReport, CoverageError, ReportFinding, TrendPoint } from '../../report/reportModel.js';
import { medianAgeDays } from '../../report/runOutcome.js';
import { SEVERITIES, type Severity } from '../../severity.js';
import { applySuppressions, type Suppression } from '../../suppress/suppressions.js';
import type { CheckOutcome } from '../evaluateChecks.js';
import type { RunContext } from '../runContext.js';
import { trendPoints } from '../trendPoints.js';
import type { Reconciled } from './reconcile.js';

/**
 * What a run observed. `snapshot` is absent when the run failed before it could read anything;
 * `failure` then says why (and the outcomes are every check `error`).
 */
export interface RunEvidence {
  snapshot?: AuditSnapshot;
  outcomes: readonly CheckOutcome[];
  reconciled: Reconciled;
  failure?: CoverageError;
}

const emptyBySeverity = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/**
 * Stage 6: the report model, the one source of every output. The same assembly serves a complete,
 * a partial and a failed run, so the three cannot drift apart.
 */
export async function assembleReport(run: RunContext, evidence: RunEvidence): Promise<AuditReport> {
  const { deps } = run;
  const { snapshot, outcomes, reconciled, failure } = evidence;
  const suppressions = snapshot && deps.suppressions ? await deps.suppressions() : [];
  const owners =
    snapshot &&
    ownershipIndex(snapshot, {
      ownerTag: run.deps.config.ownerTag,
      now: run.startedAt,
      checks: run.checks.map((c) => c.metadata),
      named: namedIds(reconciled.findings),
    });
  const findings = reportFindings(reconciled, owners);
  const suppression = applySuppressions(
    findings,
    suppressions,
    run.startedAt,
    (id) => owners?.resources.get(id.toLowerCase())?.tags ?? undefined,
  );
  const coverageErrors = [
    ...(failure ? [failure] : []),
    ...(snapshot ? snapshotErrors(snapshot) : []),
    ...expiredSuppressions(suppression.expired),
  ];
  const status: AuditReport['status'] = failure
    ? 'failed'
    : coverageErrors.some((e) => e.source !== 'pipeline') || outcomes.some((o) => o.status === 'error')
      ? 'partial'
      : 'complete';
  const finishedAt = deps.clock().toISOString();
  const bySeverity = emptyBySeverity();
  const byState: Record<ReportFinding['state'], number> = { new: 0, existing: 0, reopened: 0 };
  let suppressed = 0;
  for (const f of findings)
    if (f.suppressed) suppressed++;
    else {
      bySeverity[f.severity]++;
      byState[f.state]++;
    }
  const count = (state: ReportFinding['state']) => byState[state];

  return {
    schemaVersion: 1,
    runId: run.runId,
    tenantId: snapshot?.tenantId ?? deps.config.tenantId ?? '',
    trigger: run.request.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt,
    status,
    coverage: {
      subscriptions: (snapshot?.subscriptions.items ?? []).map((s) => ({
        subscriptionId: s.subscriptionId,
        displayName: s.displayName,
        read: s.read,
      })),
      workspaces: (snapshot?.keyVaultLogs.workspaces ?? []).map((w) => ({
        workspaceId: w.customerId,
        resourceId: w.resourceId,
        read: w.read,
      })),
      errors: coverageErrors,
      ...(snapshot
        ? { managedIdentityAdoption: identityAdoption(snapshot.identityInventory, snapshot.resources.items) }
        : {}),
      rules: coverageRules(run, snapshot),
    },
    summary: {
      bySeverity,
      new: count('new'),
      existing: count('existing'),
      reopened: count('reopened'),
      resolved: reconciled.resolved.length,
      suppressed,
    },
    checks: outcomes.map(checkSummary),
    findings,
    resolved: reconciled.resolved.map((r) => ({
      id: r.id,
      checkId: r.checkId,
      resourceId: r.resourceId,
      ...(r.principalId ? { principalId: r.principalId } : {}),
      severity: r.severity,
      title: r.title,
      firstSeen: r.firstSeen,
    })),
    // A failed run has nothing to add to the trend, and its report says only why it failed.
    trend:
      status === 'failed'
        ? []
        : await trendWith(run, reconciled, {
            runId: run.runId,
            finishedAt,
            status,
            bySeverity,
            new: count('new') + count('reopened'),
            resolved: reconciled.resolved.length,
            ...medianAge(findings),
          }),
    ...(snapshot
      ? {
          managementGroups: snapshot.managementGroups.items.map((g) => ({
            name: g.name,
            displayName: g.displayName,
            parent: g.parent,
          })),
        }
      : {}),
    scope: runScope(run),
  };
}

/**
 * The findings as reported, most severe first, with their history state, the check's advice and
 * (when the run read the tenant) who owns them and where they live. The reconciled findings are the
 * report's: described and sorted in place ({@link compareReportFindings}), not copied.
 */
function reportFindings(reconciled: Reconciled, owners: OwnershipIndex | undefined): ReportFinding[] {
  const findings = reconciled.findings;
  if (owners) for (const f of findings) describeFinding(f, owners);
  return findings.sort(compareReportFindings);
}

/** How the report's judgements were made, for a reader who asks "by which rule?". */
function coverageRules(
  run: RunContext,
  snapshot: AuditSnapshot | undefined,
): AuditReport['coverage']['rules'] {
  const kvAuditLogging = checkById('kv-audit-logging-missing')?.metadata.coverageRule ?? '';
  if (!snapshot) return { kvAuditLogging, kvLogWindow: '' };
  return {
    kvAuditLogging,
    kvLogWindow: `${run.lookback.text} before the run, in every readable workspace, tables AZKVAuditLogs and AzureDiagnostics`,
    roleData:
      snapshot.roleDataSource === 'resourceGraph'
        ? "Resource Graph authorizationresources, at, above and below each subscription (from ARM, the root group's own assignments and those of groups with no readable subscription below)"
        : "ARM role assignment lists per subscription, at, above and below it (and the root group's own, and those of groups with no readable subscription below)",
  };
}

const medianAge = (findings: readonly ReportFinding[]) => {
  const days = medianAgeDays(findings);
  return days === undefined ? {} : { medianAgeDays: days };
};

/** What the run was asked to cover, so the dashboard can say so: a scoped run is not the tenant. */
function runScope(run: RunContext): NonNullable<AuditReport['scope']> {
  const { request, deps } = run;
  return {
    ...(request.subscriptions?.length ? { subscriptions: [...request.subscriptions] } : {}),
    ...(deps.config.managementGroups.length ? { managementGroups: [...deps.config.managementGroups] } : {}),
    ...(request.checks?.length ? { checks: [...request.checks] } : {}),
  };
}

/** Past runs' points (oldest first; see trendPoints) and this run's. */
async function trendWith(
  run: RunContext,
  reconciled: Reconciled,
  current: TrendPoint,
): Promise<TrendPoint[]> {
  return trendPoints(await run.deps.stores.runs.list(30), reconciled.history, current);
}

function checkSummary(o: CheckOutcome): AuditReport['checks'][number] {
  const m = o.metadata;
  return {
    id: m.id,
    title: m.title,
    severity: m.severity,
    area: m.area,
    status: o.status,
    evaluated: o.evaluated,
    failed: o.reported ?? o.findings.length,
    ...(o.notEvaluated ? { notEvaluated: o.notEvaluated } : {}),
    ...(o.errors.length
      ? {
          error:
            o.errors.slice(0, 5).join('; ') +
            (o.errors.length > 5 ? `; and ${o.errors.length - 5} more` : ''),
        }
      : {}),
    description: m.description,
    risk: m.risk,
    remediation: m.remediation,
    references: m.references,
    ...(m.learnUrl ? { learnUrl: m.learnUrl } : {}),
  };
}

/** Every scope a source could not read. */
function snapshotErrors(snapshot: AuditSnapshot): CoverageError[] {
  return [
    ...snapshot.subscriptions.errors,
    ...snapshot.managementGroups.errors,
    ...snapshot.resources.errors,
    ...snapshot.identityInventory.errors,
    ...snapshot.roleAssignments.errors,
    ...snapshot.roleDefinitions.errors,
    ...snapshot.roleEligibilities.errors,
    ...snapshot.directory.errors,
    ...snapshot.diagnosticSettings.errors,
    ...snapshot.keyVaultLogs.errors,
    ...snapshot.federatedCredentials.errors,
    ...snapshot.policyAssignmentIdentities.errors,
    ...snapshot.localAuth.errors,
    ...snapshot.childSettings.errors,
    ...snapshot.applications.errors,
    ...snapshot.signIns.errors,
    ...snapshot.identityUse.errors,
  ];
}

function expiredSuppressions(expired: readonly Suppression[]): CoverageError[] {
  return expired.map((s) => ({
    source: 'pipeline',
    scope: 'suppressions',
    code: 'SuppressionExpired',
    message: `Suppression of ${s.checkId ?? 'any check'} (${s.reason}) expired on ${s.expires} and no longer applies.`,
  }));
}
