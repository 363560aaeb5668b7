import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { CollectorError } from '../../src/errors.js';
import { runAuditWithTelemetry } from '../../src/handlers/runAuditWithTelemetry.js';
import type { AuditDeps } from '../../src/pipeline/runAudit.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';
import { AUDIT_FINISHED_EVENT, startAuditTelemetry } from '../../src/telemetry/auditTelemetry.js';
import { sampleReport } from '../report/sampleReport.js';

const spans = new InMemorySpanExporter();
const logRecords = new InMemoryLogRecordExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: logRecords })],
});
const meterProvider = new MeterProvider({ readers: [reader] });

beforeAll(() => {
  trace.setGlobalTracerProvider(tracerProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
});
afterAll(async () => {
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
  trace.disable();
  logs.disable();
  metrics.disable();
});
beforeEach(() => {
  spans.reset();
  logRecords.reset();
});

async function metricPoints(name: string) {
  await reader.forceFlush();
  // Cumulative temporality: the latest export holds every point so far.
  const all = (metricExporter.getMetrics().at(-1)?.scopeMetrics ?? []).flatMap((s) => s.metrics);
  return all
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]);
}

describe('audit telemetry', () => {
  it('makes one trace per run with a child span per stage, all carrying the run id', () => {
    const t = startAuditTelemetry('run-1', 'timer');
    for (const step of ['identity', 'collect', 'evaluate']) t.stage(step);
    t.finished(sampleReport());
    const finished = spans.getFinishedSpans();
    const run = finished.find((s) => s.name === 'audit.run')!;
    const stages = finished.filter((s) => s.name.startsWith('audit.stage'));
    expect(stages.map((s) => s.attributes['audit.stage'])).toEqual(['identity', 'collect', 'evaluate']);
    for (const s of stages) {
      expect(s.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(s.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    }
    expect(run.attributes).toMatchObject({ 'audit.run_id': 'run-1', 'audit.trigger': 'timer' });
  });

  it('logs audit.finished with the run id and status, the record the alert rule reads', () => {
    const report = sampleReport();
    const t = startAuditTelemetry('run-2', 'http');
    t.finished(report);
    const finished = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.attributes['event'] === AUDIT_FINISHED_EVENT);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.attributes).toMatchObject({
      runId: 'run-2',
      trigger: 'http',
      status: report.status,
      findings: report.findings.length,
      coverageErrors: report.coverage.errors.length,
    });
  });

  it('records per-run metrics: findings by severity, checks by status, coverage errors, runs and duration', async () => {
    const report = sampleReport();
    startAuditTelemetry('run-3', 'cli').finished(report);
    const findings = await metricPoints('mi_auditor.findings');
    const high = findings.find(
      (p) => p.attributes['severity'] === 'high' && p.attributes['trigger'] === 'cli',
    );
    expect(high?.value).toBe(report.summary.bySeverity.high);
    expect(
      (await metricPoints('mi_auditor.runs')).some((p) => p.attributes['status'] === report.status),
    ).toBe(true);
    expect(await metricPoints('mi_auditor.run.duration')).not.toHaveLength(0);
    const checks = await metricPoints('mi_auditor.checks');
    expect(
      checks.filter((p) => p.attributes['trigger'] === 'cli').reduce((n, p) => n + Number(p.value), 0),
    ).toBe(report.checks.length);
  });

  it('reports a run that could not sign in as failed, with the reason, through the real pipeline', async () => {
    const deps: AuditDeps = {
      config: loadConfig({}),
      clock: () => new Date('2026-11-20T06:00:00Z'),
      stores: createMemoryStores(),
      identify: () =>
        Promise.reject(new CollectorError('token', 'tenant', 'no managed identity on this host')),
      collect: () => Promise.reject(new Error('not reached')),
      sinks: [],
      toolVersion: 'test',
    };
    const result = await runAuditWithTelemetry(deps, { trigger: 'timer' });
    expect(result.report.status).toBe('failed');
    const record = logRecords
      .getFinishedLogRecords()
      .find((r) => r.attributes['event'] === AUDIT_FINISHED_EVENT)!;
    expect(record.attributes).toMatchObject({ runId: result.report.runId, status: 'failed' });
    expect(record.attributes['reason'] as string).toContain('no managed identity');
    expect(spans.getFinishedSpans().find((s) => s.name === 'audit.run')?.status.code).toBe(2);
  });

  it('does not log audit.finished for a run skipped because another audit holds the lock', async () => {
    const stores = createMemoryStores();
    await stores.runs.acquireLock('other-run', new Date('2026-11-20T06:00:00Z'));
    const deps: AuditDeps = {
      config: loadConfig({}),
      clock: () => new Date('2026-11-20T06:00:00Z'),
      stores,
      identify: () => Promise.reject(new Error('not reached')),
      collect: () => Promise.reject(new Error('not reached')),
      sinks: [],
      toolVersion: 'test',
    };
    await expect(runAuditWithTelemetry(deps, { trigger: 'timer' })).rejects.toThrow(/already running/);
    const events = logRecords.getFinishedLogRecords().map((r) => r.attributes['event']);
    expect(events).toContain('audit.skipped');
    expect(events).not.toContain(AUDIT_FINISHED_EVENT);
  });
});
