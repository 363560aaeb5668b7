import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { selectAlerts } from '../../src/alert/selectAlerts.js';
import { logsIngestionSink, teamsSink } from '../../src/alert/sinks.js';
import type { HistoryRecord } from '../../src/pipeline/reconcile.js';
import { sampleReport } from '../report/sampleReport.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const report = sampleReport();

describe('selectAlerts', () => {
  it('selects new and reopened findings at or above the threshold, never suppressed ones', () => {
    const message = selectAlerts(report, [], 'high')!;
    expect(message.findings.map((f) => f.id)).toEqual([
      '11111111111111111111111111111111',
      '22222222222222222222222222222222',
      '33333333333333333333333333333333',
    ]);
    expect(message.bySeverity).toEqual({ high: 2, critical: 1 });
    expect(selectAlerts(report, [], 'critical')!.findings).toHaveLength(1);
  });

  it('does not repeat a finding already alerted since it opened', () => {
    const alerted = report.findings.map((f): HistoryRecord => ({
      ...f,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      status: 'open',
      openedAt: '2026-11-19T00:00:00Z',
      alertedAt: '2026-11-19T06:00:00Z',
    }));
    expect(selectAlerts(report, alerted, 'high')).toBeUndefined();
    alerted[2]!.openedAt = '2026-11-20T06:00:00Z';
    expect(selectAlerts(report, alerted, 'high')!.findings.map((f) => f.id)).toEqual([
      '33333333333333333333333333333333',
    ]);
  });
});

describe('sinks', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(readFixture(DEMO_TENANT));
    useEmulatorEnv(emulator, vi.stubEnv);
  });
  afterAll(() => emulator.stop());

  it('posts an Adaptive Card to Teams', async () => {
    let body: any;
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        body = JSON.parse(text);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await teamsSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).send(
        selectAlerts(report, [], 'high')!,
        report,
      );
      expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(body.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(JSON.stringify(body)).toContain('3 new finding(s)');
    } finally {
      server.close();
    }
  });

  it('uploads every finding of the run to a Log Analytics custom table through the Logs Ingestion API', async () => {
    const sink = logsIngestionSink(
      emulator.urls.logsIngestion,
      'dcr-0123',
      'Custom-MiAuditorFindings_CL',
      new ManagedIdentityCredential(),
    );
    await sink.send(selectAlerts(report, [], 'critical')!, report);
    expect(emulator.ingested).toHaveLength(1);
    expect(emulator.ingested[0]).toMatchObject({
      dcrImmutableId: 'dcr-0123',
      stream: 'Custom-MiAuditorFindings_CL',
    });
    const rows = emulator.ingested[0]!.records as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r['Alerted']).map((r) => r['FindingId'])).toEqual([
      '33333333333333333333333333333333',
    ]);
  });
});
