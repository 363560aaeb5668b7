import { randomBytes } from 'node:crypto';

import { deliverAlerts, type DeliveryResult } from '../alert/deliverAlerts.js';
import { selectAlerts } from '../alert/selectAlerts.js';
import type { AlertSink } from '../alert/sinks.js';
import { SETTINGS_RULE } from '../checks/kv-audit-logging-missing/evaluate.js';
import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { CollectPlan, ProgressListener } from '../collect/collectSnapshot.js';
import type { AuditorIdentity, AuditSnapshot } from '../collect/snapshot.js';
import type { AuditorConfig } from '../config.js';
import { AuditInProgressError, CollectorError, ensureError } from '../errors.js';
import { renderCsv } from '../report/renderCsv.js';
import { renderHtml } from '../report/renderHtml.js';
import { renderJson } from '../report/renderJson.js';
import { renderMarkdown } from '../report/renderMarkdown.js';
import { renderSarif } from '../report/renderSarif.js';
import { ownFinding, ownershipIndex } from '../report/ownership.js';
import type { AuditReport, CoverageError, ReportFinding, TrendPoint } from '../report/reportModel.js';
import { SEVERITIES, severityRank, type Severity } from '../severity.js';
import type { AuditStores, ReportFile } from '../store/types.js';
import { applySuppressions, type Suppression } from '../suppress/suppressions.js';
import { evaluateChecks, type CheckOutcome } from './evaluateChecks.js';
import { fingerprint } from './fingerprint.js';
import type { HistoryRecord } from '../model/history.js';
import { reconcile } from './reconcile.js';

/** Everything an audit needs from outside, injected: the same pipeline runs in Azure, the demo and tests. */
export interface AuditDeps {
  config: AuditorConfig;
  clock: () => Date;
  stores: AuditStores;
  /** Who the auditor is (from its token). */
  identify: () => Promise<AuditorIdentity & { tenantId: string }>;
  collect: (plan: CollectPlan, progress: ProgressListener) => Promise<AuditSnapshot>;
  sinks: readonly AlertSink[];
  suppressions?: () => Promise<Suppression[]>;
  checks?: readonly Check[];
  progress?: ProgressListener;
  log?: (message: string) => void;
  toolVersion: string;
}

/** What a trigger asks for; omitted fields mean "everything, as configured". */
export interface AuditRequest {
  trigger: AuditReport['trigger'];
  runId?: string;
  subscriptions?: string[];
  checks?: string[];
  lookback?: { text: string; ms: number };
}

export interface AuditResult {
  report: AuditReport;
  files: ReportFile[];
  alerts: DeliveryResult[];
}

/** A sortable, unique run id: `20261120T060000Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

const emptyBySeverity = (): Record<Severity, number> =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

/**
 * One audit: plan, collect, evaluate, reconcile, report, alert. Holds the audit lock for its whole
 * run so that two audits never race on history; a second caller gets AuditInProgressError.
 */
export async function runAudit(deps: AuditDeps, request: AuditRequest): Promise<AuditResult> {
  const startedAt = deps.clock();
  const runId = request.runId ?? newRunId(startedAt);
  const progress = deps.progress ?? (() => {});
  const lock = await deps.stores.runs.acquireLock(runId, startedAt);
  if (!lock.ok) throw new AuditInProgressError(lock.holder);
  const existing = await deps.stores.runs.get(runId);
  await deps.stores.runs.put({
    ...existing,
    runId,
    trigger: request.trigger,
    status: 'running',
    requestedAt: existing?.requestedAt ?? startedAt.toISOString(),
    startedAt: startedAt.toISOString(),
  });
  try {
    const result = await audit(deps, request, runId, startedAt, progress);
    const { report } = result;
    await deps.stores.runs.put({
      runId,
      trigger: request.trigger,
      status: report.status,
      requestedAt: existing?.requestedAt ?? startedAt.toISOString(),
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      summary: {
        bySeverity: report.summary.bySeverity,
        new: report.summary.new,
        resolved: report.summary.resolved,
        findings: report.findings.length,
        alerts: result.alerts,
      },
    });
    return result;
  } catch (e) {
    const error = ensureError(e);
    await deps.stores.runs.put({
      runId,
      trigger: request.trigger,
      status: 'failed',
      requestedAt: existing?.requestedAt ?? startedAt.toISOString(),
      startedAt: startedAt.toISOString(),
      finishedAt: deps.clock().toISOString(),
      error: error.message,
    });
    throw error;
  } finally {
    await deps.stores.runs.releaseLock(runId);
  }
}

async function audit(
  deps: AuditDeps,
  request: AuditRequest,
  runId: string,
  startedAt: Date,
  progress: ProgressListener,
): Promise<AuditResult> {
  const { config } = deps;
  const checks = (deps.checks ?? CHECKS).filter(
    (c) => !request.checks?.length || request.checks.includes(c.metadata.id),
  );
  const lookback = request.lookback ?? config.kvLookback;

  progress('identity');
  let identity: AuditorIdentity & { tenantId: string };
  try {
    identity = await deps.identify();
  } catch (e) {
    if (!(e instanceof CollectorError)) throw e;
    return failedRun(deps, request, runId, startedAt, e);
  }

  const plan: CollectPlan = {
    tenantId: identity.tenantId || config.tenantId || '',
    auditor: identity,
    subscriptions: request.subscriptions ?? config.subscriptions,
    managementGroups: config.managementGroups,
    lookback,
    now: startedAt,
    roleDataSource: config.roleDataSource,
  };
  const snapshot = await deps.collect(plan, progress);

  progress('evaluate');
  const outcomes = evaluateChecks(checks, snapshot, {
    now: startedAt,
    kvMassRetrievalThreshold: config.kvMassRetrievalThreshold,
    maxOwners: config.maxOwners,
    appCredentialExpiryDays: config.appCredentialExpiryDays,
    ...(config.auditorStorageAccountId ? { auditorStorageAccountId: config.auditorStorageAccountId } : {}),
  });

  progress('reconcile');
  const previous = await deps.stores.history.load();
  const suppressions = deps.suppressions ? await deps.suppressions() : [];
  const current = outcomes.flatMap((o) => o.findings.map((f) => ({ ...f, id: fingerprint(f), outcome: o })));
  const readSubscriptions = new Set(
    snapshot.subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId.toLowerCase()),
  );
  const rec = reconcile(
    current.map(({ id, checkId, resourceId, principalId, subscriptionId, severity, title }) => ({
      id,
      checkId,
      resourceId,
      severity,
      title,
      ...(principalId ? { principalId } : {}),
      ...(subscriptionId ? { subscriptionId } : {}),
    })),
    previous,
    {
      cleanChecks: new Set(outcomes.filter((o) => o.status !== 'error').map((o) => o.metadata.id)),
      readSubscriptions,
      tenantWide: !request.subscriptions?.length && snapshot.subscriptions.errors.length === 0,
    },
    startedAt,
  );

  const owners = ownershipIndex(snapshot, {
    ownerTag: config.ownerTag,
    now: startedAt,
    checks: checks.map((c) => c.metadata),
  });
  const findings: ReportFinding[] = current
    .map((f) => {
      const state = rec.states.get(f.id)!;
      return {
        id: f.id,
        checkId: f.checkId,
        severity: f.severity,
        title: f.title,
        message: f.message,
        resourceId: f.resourceId,
        ...(f.subscriptionId ? { subscriptionId: f.subscriptionId } : {}),
        ...(f.principalId ? { principalId: f.principalId } : {}),
        evidence: f.evidence,
        remediation: f.remediation ?? f.outcome.metadata.remediation,
        references: f.outcome.metadata.references,
        firstSeen: state.firstSeen,
        lastSeen: startedAt.toISOString(),
        state: state.state,
      };
    })
    .map((f) => ownFinding(f, owners))
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.checkId.localeCompare(b.checkId) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  const tags = new Map(snapshot.resources.items.map((r) => [r.id.toLowerCase(), r.tags ?? undefined]));
  const suppression = applySuppressions(findings, suppressions, startedAt, (id) =>
    tags.get(id.toLowerCase()),
  );

  const coverageErrors = collectCoverageErrors(snapshot, suppression.expired);
  const status: AuditReport['status'] =
    coverageErrors.some((e) => e.source !== 'pipeline') || outcomes.some((o) => o.status === 'error')
      ? 'partial'
      : 'complete';
  const finishedAt = deps.clock();
  const bySeverity = emptyBySeverity();
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  const count = (state: string) => findings.filter((f) => f.state === state && !f.suppressed).length;
  const trend: TrendPoint[] = (await deps.stores.runs.list(30))
    .filter((r) => r.runId !== runId && r.finishedAt && r.summary && r.status !== 'failed')
    .map((r) => ({
      runId: r.runId,
      finishedAt: r.finishedAt!,
      status: r.status as TrendPoint['status'],
      bySeverity: (r.summary!['bySeverity'] ?? emptyBySeverity()) as Record<Severity, number>,
    }))
    .reverse();
  trend.push({ runId, finishedAt: finishedAt.toISOString(), status, bySeverity });

  const report: AuditReport = {
    schemaVersion: 1,
    runId,
    tenantId: snapshot.tenantId,
    trigger: request.trigger,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    status,
    coverage: {
      subscriptions: snapshot.subscriptions.items.map((s) => ({
        subscriptionId: s.subscriptionId,
        displayName: s.displayName,
        read: s.read,
      })),
      workspaces: snapshot.keyVaultLogs.workspaces.map((w) => ({
        workspaceId: w.customerId,
        resourceId: w.resourceId,
        read: w.read,
      })),
      errors: coverageErrors,
      rules: {
        kvAuditLogging: SETTINGS_RULE,
        kvLogWindow: `${lookback.text} before the run, in every readable workspace, tables AZKVAuditLogs and AzureDiagnostics`,
        roleData:
          snapshot.roleDataSource === 'resourceGraph'
            ? "Resource Graph authorizationresources (management groups' own assignments from ARM)"
            : 'ARM role assignment lists per subscription and management group',
      },
    },
    summary: {
      bySeverity,
      new: count('new'),
      existing: count('existing'),
      reopened: count('reopened'),
      resolved: rec.resolved.length,
      suppressed: findings.filter((f) => f.suppressed).length,
    },
    checks: outcomes.map((o) => checkSummary(o)),
    findings,
    resolved: rec.resolved.map((r) => ({
      id: r.id,
      checkId: r.checkId,
      resourceId: r.resourceId,
      ...(r.principalId ? { principalId: r.principalId } : {}),
    })),
    trend,
    managementGroups: snapshot.managementGroups.items.map((g) => ({
      name: g.name,
      displayName: g.displayName,
      parent: g.parent,
    })),
  };

  progress('report');
  const files = renderAll(report, deps.toolVersion);
  await deps.stores.reports.saveRun(runId, files);

  progress('alert');
  const message = selectAlerts(report, rec.history, config.alert.minSeverity);
  let alerts: DeliveryResult[] = [];
  let history: HistoryRecord[] = rec.history;
  if (message && deps.sinks.length) {
    alerts = await deliverAlerts(deps.sinks, message, report);
    for (const a of alerts.filter((x) => !x.ok))
      deps.log?.(`alert sink ${a.sink} failed after ${a.attempts} attempt(s): ${a.error}`);
    // Alerted once any sink took the message; if all failed, the next run tries again.
    if (alerts.some((a) => a.ok)) {
      const sent = new Set(message.findings.map((f) => f.id));
      history = history.map((h) => (sent.has(h.id) ? { ...h, alertedAt: finishedAt.toISOString() } : h));
    }
  }
  await deps.stores.history.save(history);
  return { report, files, alerts };
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
    failed: o.findings.length,
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

function collectCoverageErrors(snapshot: AuditSnapshot, expired: readonly Suppression[]): CoverageError[] {
  const errors: CoverageError[] = [
    ...snapshot.subscriptions.errors,
    ...snapshot.managementGroups.errors,
    ...snapshot.resources.errors,
    ...snapshot.roleAssignments.errors,
    ...snapshot.roleDefinitions.errors,
    ...snapshot.roleEligibilities.errors,
    ...snapshot.directory.errors,
    ...snapshot.diagnosticSettings.errors,
    ...snapshot.keyVaultLogs.errors,
  ];
  for (const s of expired) {
    errors.push({
      source: 'pipeline',
      scope: 'suppressions',
      code: 'SuppressionExpired',
      message: `Suppression of ${s.checkId ?? 'any check'} (${s.reason}) expired on ${s.expires} and no longer applies.`,
    });
  }
  return errors;
}

/** The five outputs, all from the one report model. */
export function renderAll(report: AuditReport, toolVersion: string): ReportFile[] {
  return [
    { name: 'findings.json', contentType: 'application/json', content: renderJson(report) },
    { name: 'report.html', contentType: 'text/html; charset=utf-8', content: renderHtml(report) },
    { name: 'report.md', contentType: 'text/markdown; charset=utf-8', content: renderMarkdown(report) },
    {
      name: 'report.sarif',
      contentType: 'application/sarif+json',
      content: renderSarif(report, toolVersion),
    },
    { name: 'findings.csv', contentType: 'text/csv; charset=utf-8', content: renderCsv(report) },
  ];
}

async function failedRun(
  deps: AuditDeps,
  request: AuditRequest,
  runId: string,
  startedAt: Date,
  error: CollectorError,
): Promise<AuditResult> {
  const finishedAt = deps.clock();
  const report: AuditReport = {
    schemaVersion: 1,
    runId,
    tenantId: deps.config.tenantId ?? '',
    trigger: request.trigger,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    status: 'failed',
    coverage: {
      subscriptions: [],
      workspaces: [],
      errors: [
        {
          source: 'pipeline',
          scope: error.scope,
          message: error.message,
          ...error.upstream,
        },
      ],
      rules: { kvAuditLogging: SETTINGS_RULE, kvLogWindow: '' },
    },
    summary: { bySeverity: emptyBySeverity(), new: 0, existing: 0, reopened: 0, resolved: 0, suppressed: 0 },
    checks: (deps.checks ?? CHECKS).map((c) => ({
      ...checkSummary({
        metadata: c.metadata,
        status: 'error',
        evaluated: 0,
        findings: [],
        errors: [error.message],
      }),
    })),
    findings: [],
    resolved: [],
    trend: [],
  };
  const files = renderAll(report, deps.toolVersion);
  await deps.stores.reports.saveRun(runId, files);
  return { report, files, alerts: [] };
}
