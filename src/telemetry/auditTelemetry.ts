import { context, metrics, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';

import type { AuditReport } from '../report/reportModel.js';
import { TOOL_VERSION } from '../pipeline/toolVersion.js';

const SCOPE = 'mi-auditor';

/** The log event the "two audits in a row not complete" alert rule of infra/main.json reads. */
export const AUDIT_FINISHED_EVENT = 'audit.finished';

/** What one audit run reports to OpenTelemetry while it runs. */
export interface AuditTelemetry {
  /** A progress listener: each step ends the previous stage's span and starts the next. */
  stage(step: string): void;
  /** Ends the run: attributes, per-run metrics and the `audit.finished` log record. */
  finished(report: AuditReport): void;
  /** Ends the run as failed by an exception. */
  failed(error: Error): void;
  /** Ends the trace of a run that did not start (another audit held the lock): no `audit.finished`. */
  skipped(reason: string): void;
}

/**
 * One trace per run (`audit.run`), a child span per stage, structured log records carrying the run
 * id, and per-run metrics (findings by severity, checks by status, coverage errors, duration,
 * subscriptions and workspaces read). It uses only the OpenTelemetry API: where no SDK was started
 * (tests, the demo) every call is a no-op, and tests read it back with in-memory exporters.
 */
export function startAuditTelemetry(runId: string, trigger: string): AuditTelemetry {
  const tracer = trace.getTracer(SCOPE, TOOL_VERSION);
  const meter = metrics.getMeter(SCOPE, TOOL_VERSION);
  const logger = logs.getLogger(SCOPE, TOOL_VERSION);
  const started = Date.now();
  const run = tracer.startSpan('audit.run', {
    attributes: { 'audit.run_id': runId, 'audit.trigger': trigger },
  });
  const runContext = trace.setSpan(context.active(), run);
  let current: Span | undefined;
  const log = (severityNumber: SeverityNumber, body: string, attributes: Record<string, string | number>) =>
    logger.emit({ severityNumber, body, attributes: { runId, trigger, ...attributes }, context: runContext });
  const endStage = () => {
    current?.end();
    current = undefined;
  };
  const end = (status: string, attributes: Record<string, string | number>) => {
    endStage();
    const seconds = (Date.now() - started) / 1000;
    meter
      .createHistogram('mi_auditor.run.duration', { unit: 's', description: 'Duration of an audit run' })
      .record(seconds, { status, trigger });
    meter
      .createCounter('mi_auditor.runs', { description: 'Audit runs by final status' })
      .add(1, { status, trigger });
    log(status === 'complete' ? SeverityNumber.INFO : SeverityNumber.WARN, `audit ${runId} ${status}`, {
      event: AUDIT_FINISHED_EVENT,
      status,
      durationSeconds: seconds,
      ...attributes,
    });
    run.setAttribute('audit.status', status);
    run.end();
  };
  log(SeverityNumber.INFO, `audit ${runId} started`, { event: 'audit.started' });
  return {
    stage(step) {
      endStage();
      current = tracer.startSpan(
        `audit.stage ${step}`,
        { attributes: { 'audit.run_id': runId, 'audit.stage': step } },
        runContext,
      );
      log(SeverityNumber.INFO, `audit ${runId}: ${step}`, { event: 'audit.stage', stage: step });
    },
    finished(report) {
      const findings = meter.createCounter('mi_auditor.findings', {
        description: 'Open findings of a run, by severity',
      });
      for (const [severity, n] of Object.entries(report.summary.bySeverity))
        findings.add(n, { severity, trigger });
      const checks = meter.createCounter('mi_auditor.checks', { description: 'Checks of a run, by status' });
      const byStatus = new Map<string, number>();
      for (const c of report.checks) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
      for (const [status, n] of byStatus) checks.add(n, { status, trigger });
      const coverageErrors = new Map<string, number>();
      for (const e of report.coverage.errors)
        coverageErrors.set(e.source, (coverageErrors.get(e.source) ?? 0) + 1);
      const coverage = meter.createCounter('mi_auditor.coverage_errors', {
        description: 'Scopes or sources a run could not read, by source',
      });
      for (const [source, n] of coverageErrors) coverage.add(n, { source, trigger });
      if (report.status !== 'complete') run.setStatus({ code: SpanStatusCode.ERROR, message: report.status });
      end(report.status, {
        findings: report.findings.length,
        new: report.summary.new,
        resolved: report.summary.resolved,
        coverageErrors: report.coverage.errors.length,
        subscriptionsRead: report.coverage.subscriptions.filter((s) => s.read).length,
        workspacesRead: report.coverage.workspaces.filter((w) => w.read).length,
        ...(report.status === 'failed' && report.coverage.errors[0]
          ? { reason: report.coverage.errors[0].message }
          : {}),
      });
    },
    skipped(reason) {
      endStage();
      log(SeverityNumber.INFO, `audit ${runId} skipped: ${reason}`, { event: 'audit.skipped', reason });
      run.setAttribute('audit.status', 'skipped');
      run.end();
    },
    failed(error) {
      run.recordException(error);
      run.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      end('failed', { reason: error.message });
    },
  };
}
