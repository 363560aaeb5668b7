import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { LocalStack } from '../../emulator/localStack.js';
import { startAzurite, type RunningAzurite } from '../../emulator/startAzurite.js';
import { runTimer, startLocalAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

/** One tenant per file: MSAL caches managed-identity tokens per process, as in Azure where a process has one identity. */
const demo = readFixture(DEMO_TENANT);
const DEV = '5a000000-0000-4000-8000-000000000003';
let stacks: LocalStack[] = [];
let storages: RunningAzurite[] = [];
afterEach(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
  await Promise.all(storages.map((a) => a.stop()));
  stacks = [];
  storages = [];
  vi.unstubAllEnvs();
});
const start = async (fixture: Record<string, any>, options: Parameters<typeof startLocalAudit>[1] = {}) => {
  const s = await startLocalAudit(fixture, options);
  stacks.push(s);
  return s;
};
/**
 * One storage (Azurite) for a test's runs: what a run keeps there is all the next run knows of it.
 * Between runs only the tenant (the emulator) changes, as the tenant changes between two timer runs.
 */
const storage = async () => {
  const a = await startAzurite();
  storages.push(a);
  return a;
};
/** Stops a run's emulator (its storage stays) before the tenant changes. */
const stopTenant = async (s: LocalStack) => {
  stacks = stacks.filter((x) => x !== s);
  await s.stop();
};

describe('history across runs', () => {
  it('tells new, existing, resolved and reopened findings apart', async () => {
    const azurite = await storage();
    let s = await start(demo, { azurite });
    const first = await runTimer();
    await stopTenant(s);

    // Fix vm-batch01, break vm-batch02 (new), keep the rest.
    const changed = structuredClone(demo);
    const vm = changed.resources.find((r: any) => r.name === 'vm-batch01');
    vm.identity = { type: 'SystemAssigned', principalId: 'f6200000-0000-4000-8000-000000000001' };
    changed.resources.push({
      ...vm,
      id: vm.id.replace('vm-batch01', 'vm-batch02'),
      name: 'vm-batch02',
      identity: null,
    });
    s = await start(changed, { azurite });
    const second = await runTimer();
    expect(second.report.summary).toMatchObject({
      new: 1,
      existing: first.report.findings.length - 1,
      resolved: 1,
      reopened: 0,
    });
    expect(second.report.resolved).toEqual([
      expect.objectContaining({
        checkId: 'mi-resource-without-identity',
        resourceId: expect.stringContaining('vm-batch01'),
      }),
    ]);
    const vm2 = second.report.findings.find((f) => f.resourceId.includes('vm-batch02'))!;
    expect(vm2.state).toBe('new');
    const kept = second.report.findings.find((f) => f.checkId === 'rbac-too-many-owners')!;
    expect(kept).toMatchObject({
      state: 'existing',
      firstSeen: first.report.findings.find((f) => f.checkId === 'rbac-too-many-owners')!.firstSeen,
    });
    await stopTenant(s);

    // Break vm-batch01 again: the same fingerprint comes back as reopened.
    await start(demo, { azurite });
    const third = await runTimer();
    expect(third.report.findings.find((f) => f.resourceId.includes('vm-batch01'))?.state).toBe('reopened');
    expect(third.report.trend).toHaveLength(3);
    // Each run's record carries what the dashboard's trend shows (reopened findings count as new).
    expect(third.report.trend.map((p) => [p.new, p.resolved])).toEqual([
      [first.report.summary.new, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(third.report.trend.every((p) => p.medianAgeDays !== undefined && !p.derived)).toBe(true);
  }, 120_000);

  it('never resolves what a partial run could not observe', async () => {
    const s = await start(demo);
    const first = await runTimer();
    const devOwner = first.report.findings.find(
      (f) => f.checkId === 'rbac-service-principal-privileged' && f.subscriptionId === DEV,
    )!;

    // Role assignments of Dev cannot be read now, and AUDIT_SUBSCRIPTIONS names one nobody can read.
    s.emulator.setFaults([
      {
        api: 'authorization',
        scope: `/subscriptions/${DEV}`,
        status: 403,
        code: 'AuthorizationFailed',
        message: 'denied for the test',
      },
    ]);
    vi.stubEnv(
      'AUDIT_SUBSCRIPTIONS',
      `${demo.subscriptions.map((x: any) => x.subscriptionId).join(',')},0f000000-0000-4000-8000-000000000009`,
    );
    const second = await runTimer();
    expect(second.report.status).toBe('partial');
    expect(second.report.coverage.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'roleAssignments',
          scope: `/subscriptions/${DEV}`,
          statusCode: 403,
          code: 'AuthorizationFailed',
        }),
        expect.objectContaining({
          source: 'subscriptions',
          scope: '/subscriptions/0f000000-0000-4000-8000-000000000009',
        }),
      ]),
    );
    expect(
      second.report.coverage.subscriptions.find(
        (x) => x.subscriptionId === '0f000000-0000-4000-8000-000000000009',
      ),
    ).toMatchObject({ read: false });
    const roleCheck = second.report.checks.find((c) => c.id === 'rbac-service-principal-privileged')!;
    expect(roleCheck.status).toBe('error');
    expect(roleCheck.error).toMatch(
      /roleAssignments could not be read at \/subscriptions\/5a000000-0000-4000-8000-000000000003 \(403 AuthorizationFailed\)/,
    );
    expect(second.report.resolved.map((r) => r.id)).not.toContain(devOwner.id);
    expect(second.report.checks.some((c) => c.status === 'pass' && c.id.startsWith('rbac-'))).toBe(false);
  }, 120_000);
});

describe('alerts', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('sends one message per run, none again next run, and retries a failing webhook', async () => {
    const received: any[] = [];
    let failures = 1;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failures-- > 0) return void res.writeHead(500).end();
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await start(demo, {
      settings: {
        ALERT_WEBHOOK_URL: url,
        ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
        ALERT_MIN_SEVERITY: 'critical',
      },
    });
    const first = await runTimer();
    expect(first.alerts).toEqual([{ sink: 'webhook', ok: true, attempts: 2 }]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'mi-auditor.alert',
      runId: first.report.runId,
      bySeverity: { critical: 3 },
    });
    // The next run, on the same storage.
    const second = await runTimer();
    expect(second.alerts).toEqual([]);
    expect(received).toHaveLength(1);
  }, 120_000);

  it('completes the audit and keeps the report when the sink is down', async () => {
    await start(demo, {
      settings: { ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/down', ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
    const result = await runTimer();
    expect(result.report.status).toBe('complete');
    expect(result.alerts).toEqual([expect.objectContaining({ sink: 'webhook', ok: false, attempts: 3 })]);
  }, 60_000);
});
