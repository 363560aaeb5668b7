import type { lookup } from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { selectAlerts } from '../../src/alert/selectAlerts.js';
import { logsIngestionSink, teamsSink, webhookSink } from '../../src/alert/sinks.js';
import { classifyAddress } from '../../src/alert/webhookTarget.js';
import type { HistoryRecord } from '../../src/model/history.js';
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

describe('selectAlerts per sink', () => {
  it('gives a sink that was down the findings the others already took, and none twice', () => {
    const history = report.findings.map((f): HistoryRecord => ({
      ...f,
      status: 'open',
      openedAt: '2026-11-19T00:00:00Z',
      alertedAt: '2026-11-19T06:00:00Z',
      alertedSinks: { teams: '2026-11-19T06:00:00Z' },
    }));
    expect(selectAlerts(report, history, 'high', 'teams')).toBeUndefined();
    expect(selectAlerts(report, history, 'high', 'webhook')!.findings).toHaveLength(3);
    // Records written before per-sink state: alertedAt stood for every sink.
    const legacy = history.map(({ alertedSinks: _s, ...h }) => h);
    expect(selectAlerts(report, legacy, 'high', 'webhook')).toBeUndefined();
  });
});

describe('sinks', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(readFixture(DEMO_TENANT));
    useEmulatorEnv(emulator, vi.stubEnv);
  });
  afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

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
      const message = selectAlerts(report, [], 'high')!;
      message.findings[0]!.title = 'x\r\n- [click](javascript:alert(1))\u2028# head';
      await teamsSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        allowPrivate: true,
      }).send(message, report);
      expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(body.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(JSON.stringify(body)).toContain('3 new finding(s)');
      const texts: string[] = body.attachments[0].content.body.map((b: { text?: string }) => b.text ?? '');
      // No line break, no link and no heading: the name arrives as text.
      expect(texts.join('')).not.toMatch(/[\r\n\u2028]|(?<!\\)\]\(|(?<!\\)#/);
      expect(texts).toContain(
        '**high** x \\- \\[click\\]\\(javascript:alert\\(1\\)\\) \\# head: ' +
          texts
            .find((t) => t.startsWith('**high** x'))!
            .split(': ')
            .slice(1)
            .join(': '),
      );
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

describe('webhook targets', () => {
  const message = selectAlerts(report, [], 'high')!;

  async function listen(
    handler: Parameters<typeof createServer>[1],
  ): Promise<{ url: string; close: () => void }> {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => server.close(),
    };
  }

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.4', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['168.63.129.16', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['::ffff:10.0.0.1', 'private'],
    ['fe80::1', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['20.50.2.1', 'public'],
    ['2603:1030::1', 'public'],
  ])('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('does not follow a redirect, even to an allowed host', async () => {
    let hits = 0;
    const target = await listen((_req, res) => {
      hits++;
      res.writeHead(204).end();
    });
    const redirector = await listen((_req, res) => res.writeHead(307, { location: `${target.url}/x` }).end());
    try {
      await expect(
        webhookSink(`${redirector.url}/hook`, { allowPrivate: true }).send(message, report),
      ).rejects.toThrow(/answered 307 \(redirects are not followed\)/);
      expect(hits).toBe(0);
    } finally {
      target.close();
      redirector.close();
    }
  });

  it('refuses loopback, and a host name that resolves to it, unless private targets are allowed', async () => {
    let hits = 0;
    const target = await listen((_req, res) => {
      hits++;
      res.writeHead(204).end();
    });
    const port = new URL(target.url).port;
    try {
      await expect(
        webhookSink(`${target.url}/hook`, { allowPrivate: false }).send(message, report),
      ).rejects.toThrow(/must use https/);
      // https to a name that resolves to loopback: refused at connection time, before any byte is sent.
      const resolve = ((_host: string, _options: unknown, callback: (...a: unknown[]) => void) =>
        callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof lookup;
      await expect(
        webhookSink(`https://hooks.example.test:${port}/hook`, { allowPrivate: false, resolve }).send(
          message,
          report,
        ),
      ).rejects.toThrow(/hooks\.example\.test resolves to loopback address 127\.0\.0\.1.*ALLOW_PRIVATE/);
      await expect(
        webhookSink('https://169.254.169.254/hook', { allowPrivate: true }).send(message, report),
      ).rejects.toThrow(/may never use/);
      expect(hits).toBe(0);
      await webhookSink(`${target.url}/hook`, { allowPrivate: true }).send(message, report);
      expect(hits).toBe(1);
    } finally {
      target.close();
    }
  });
});
