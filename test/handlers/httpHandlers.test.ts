import functions from '@azure/functions';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { LocalStack } from '../../emulator/localStack.js';
import { auditDashboard } from '../../src/handlers/auditDashboard.js';
import { auditReport } from '../../src/handlers/auditReport.js';
import { auditRun } from '../../src/handlers/auditRun.js';
import { auditRunStatus } from '../../src/handlers/auditRunStatus.js';
import { auditRunWorker } from '../../src/handlers/auditRunWorker.js';
import { depsFromSettings } from '../../src/handlers/handlerDeps.js';
import { invocationContext, startLocalAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const base = 'http://127.0.0.1:7071/api';
const post = (body?: unknown) =>
  auditRun(
    new functions.HttpRequest({
      method: 'POST',
      url: `${base}/audit/runs`,
      headers: { 'content-type': 'application/json' },
      body: { string: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body) },
    }),
    invocationContext('auditRun'),
  );
const get = (handler: typeof auditReport, path: string, params: Record<string, string> = {}) =>
  handler(new functions.HttpRequest({ method: 'GET', url: `${base}${path}`, params }), invocationContext());

/** A response body as text: the report and dashboard are served as byte streams. */
async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalAudit(readFixture(DEMO_TENANT));
}, 60_000);
afterAll(() => stack?.stop()); // undefined when the start failed: its own error is the one to see

describe('HTTP handlers', () => {
  it('answer 404 for the report and dashboard before any audit has finished', async () => {
    expect((await get(auditReport, '/audit/report')).status).toBe(404);
    expect((await get(auditDashboard, '/audit/dashboard')).status).toBe(404);
  });

  it.each([
    ['a body that is not JSON', '{subscriptions:', 'body'],
    ['an unknown field', { subscription: ['x'] }, 'body'],
    ['a subscription id that is not a GUID', { subscriptions: ['prod'] }, 'body.subscriptions[0]'],
    ['an unknown check', { checks: ['mi-everything'] }, 'body.checks[0]'],
    ['a look-back that is no ISO duration', { lookback: '7 days' }, 'body.lookback'],
    ['a look-back over 90 days', { lookback: 'P120D' }, 'body.lookback'],
  ])('refuse %s with 400 naming the field', async (_l, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.jsonBody).toMatchObject({ error: { code: 'InvalidInput', field } });
  });

  it('queue an audit with 202, refuse a second with 409, run it, and report its status', async () => {
    const accepted = await post({
      checks: ['kv-access-policy-model', 'rbac-too-many-owners'],
      lookback: 'P1D',
    });
    expect(accepted.status).toBe(202);
    const { runId, statusUrl } = accepted.jsonBody as { runId: string; statusUrl: string };
    expect(statusUrl).toBe(`${base}/audit/runs/${runId}`);

    const conflict = await post();
    expect(conflict.status).toBe(409);
    expect(conflict.jsonBody).toMatchObject({ error: { code: 'AuditInProgress', runId } });

    const queued = await get(auditRunStatus, `/audit/runs/${runId}`, { id: runId });
    expect(queued).toMatchObject({ status: 200, jsonBody: { runId, status: 'queued', trigger: 'http' } });

    const result = (await auditRunWorker({ runId }, invocationContext('auditRunWorker')))!;
    expect(result.report.checks.map((c) => c.id)).toEqual(['kv-access-policy-model', 'rbac-too-many-owners']);
    expect(result.report.coverage.rules.kvLogWindow).toMatch(/^P1D/);

    const done = await get(auditRunStatus, `/audit/runs/${runId}`, { id: runId });
    expect(done.jsonBody).toMatchObject({ runId, status: 'complete', summary: { findings: 4 } });

    // The same message delivered again: acknowledged, no second audit.
    expect(await auditRunWorker({ runId }, invocationContext('auditRunWorker'))).toBeUndefined();
    expect((await get(auditRunStatus, `/audit/runs/${runId}`, { id: runId })).jsonBody).toEqual(
      done.jsonBody,
    );

    // A scoped run is served by its id and does not become `latest`.
    const byId = await get(auditReport, `/audit/report?runId=${runId}`);
    expect(JSON.parse(await bodyText(byId.body))).toMatchObject({ runId, status: 'complete' });
    expect((await get(auditReport, '/audit/report')).status).toBe(404);
    expect((await get(auditReport, '/audit/report?runId=../x')).status).toBe(400);
  }, 60_000);

  it('accept 1,000 subscriptions (stored beside the run record, not in a Table property); refuse repeats and oversized bodies', async () => {
    const ids = Array.from(
      { length: 1000 },
      (_, i) => `5a000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const accepted = await post({ subscriptions: ids });
    expect(accepted.status).toBe(202);
    const { runId } = accepted.jsonBody as { runId: string };
    const status = await get(auditRunStatus, `/audit/runs/${runId}`, { id: runId });
    expect((status.jsonBody as { request: { subscriptions: string[] } }).request.subscriptions).toHaveLength(
      1000,
    );
    // Not run here: free the lease as the worker would after it.
    await depsFromSettings().stores.runs.releaseLock(runId);

    const repeated = await post({ checks: ['kv-access-policy-model', 'kv-access-policy-model'] });
    expect(repeated.jsonBody).toMatchObject({ error: { field: 'body.checks' } });
    const huge = await post(`{"subscriptions":[${'"x",'.repeat(40_000)}"x"]}`);
    expect(huge).toMatchObject({ status: 400, jsonBody: { error: { field: 'body' } } });
    expect((huge.jsonBody as { error: { message: string } }).error.message).toMatch(/larger than/);
  }, 60_000);

  it('serve the latest report and the dashboard once a tenant-wide audit finished', async () => {
    const accepted = await post();
    expect(accepted.status).toBe(202);
    const { runId } = accepted.jsonBody as { runId: string };
    await auditRunWorker({ runId }, invocationContext('auditRunWorker'));
    const report = await get(auditReport, '/audit/report');
    expect(report.status).toBe(200);
    expect(JSON.parse(await bodyText(report.body))).toMatchObject({ schemaVersion: 1, status: 'complete' });
    const dashboard = await get(auditDashboard, '/audit/dashboard');
    expect(dashboard.status).toBe(200);
    expect((dashboard.headers as Record<string, string>)['content-type']).toMatch(/^text\/html/);
    expect(await bodyText(dashboard.body)).toContain('Content-Security-Policy');
  });

  it('answer 400 for a malformed run id and 404 for an unknown one', async () => {
    expect((await get(auditRunStatus, '/audit/runs/x', { id: '../etc' })).status).toBe(400);
    expect(
      (await get(auditRunStatus, '/audit/runs/20200101T000000Z-abcdef', { id: '20200101T000000Z-abcdef' }))
        .status,
    ).toBe(404);
  });

  it('answer 500 naming the setting when the settings are invalid', async () => {
    // Only this setting goes back: the stack's settings are stubbed for the whole file.
    const saved = process.env['ALERT_MIN_SEVERITY'];
    vi.stubEnv('ALERT_MIN_SEVERITY', 'loud');
    try {
      const res = await get(auditReport, '/audit/report');
      expect(res).toMatchObject({
        status: 500,
        jsonBody: { error: { code: 'InvalidConfiguration', setting: 'ALERT_MIN_SEVERITY' } },
      });
    } finally {
      vi.stubEnv('ALERT_MIN_SEVERITY', saved);
    }
  });

  it('answer any body (fuzzed) with 202, 400 naming a body field, or 409: never a 500', async () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record(
        {
          subscriptions: fc.array(fc.oneof(fc.uuid(), fc.string()), { maxLength: 3 }),
          checks: fc.array(fc.oneof(fc.constant('kv-access-policy-model'), fc.string()), { maxLength: 3 }),
          lookback: fc.oneof(fc.constant('P1D'), fc.string()),
          extra: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await post(b);
        expect([202, 400, 409]).toContain(res.status);
        if (res.status === 400)
          expect((res.jsonBody as { error: { field: string } }).error.field).toMatch(/^body/);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
