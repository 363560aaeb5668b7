/**
 * The fault matrix (issue #13): one emulator, one set of stores, a healthy baseline, then each fault
 * of a tenant as Azure produces it, through the whole pipeline. Every row asserts that the run says
 * what it could not read (status and the coverage error), that no check the baseline failed turns
 * `pass`, that the fault neither creates nor resolves a finding, and that history keeps every open
 * finding. The last run is healthy again and must equal the baseline.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import type { AlertSink } from '../../src/alert/sinks.js';
import { needsOf } from '../../src/checks/lib/needs.js';
import { CHECKS } from '../../src/checks/registry.js';
import type { AuditSnapshot, SourceName } from '../../src/collect/snapshot.js';
import { loadConfig } from '../../src/config.js';
import { AuditInProgressError } from '../../src/errors.js';
import { createAuditDeps } from '../../src/pipeline/createAuditDeps.js';
import { newRunId, runAudit, type AuditDeps, type AuditResult } from '../../src/pipeline/runAudit.js';
import { INTERRUPTED } from '../../src/pipeline/runRecord.js';
import { OUTPUTS } from '../../src/report/outputs.js';
import type { AuditReport } from '../../src/report/reportModel.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';
import { LATEST_POINTER, type AuditStores } from '../../src/store/types.js';
import { RESOLVED_LONG_AGO } from '../support/resolvedLongAgo.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

let emulator: RunningEmulator;
let stores: AuditStores;
const alerted: string[] = [];
const recordingSink: AlertSink = {
  name: 'recording',
  send: (message) => {
    alerted.push(...message.findings.map((f) => f.id));
    return Promise.resolve();
  },
};

/**
 * The product's own wiring, with one change: the SDK's backoff starts at 20 ms instead of 800 ms, so
 * that the rows' retried outages cost milliseconds (the number of retries and every cap are the
 * product's). Each call makes a fresh credential and fresh clients, as each run in Azure does.
 */
function deps(over: Partial<AuditDeps> = {}, settings: Record<string, string> = {}): AuditDeps {
  const config = loadConfig({ ...process.env, ALERT_MIN_SEVERITY: 'informational', ...settings });
  return { ...createAuditDeps(config, { stores, retryDelayInMs: 20 }), sinks: [recordingSink], ...over };
}

/**
 * The demo tenant, with a second, empty Log Analytics workspace when it has only one, so that one
 * workspace can refuse while another answers.
 */
function matrixTenant(): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  if (tenant['workspaces'].length >= 2) return tenant;
  const sub = tenant['subscriptions'][0].subscriptionId as string;
  const id = `/subscriptions/${sub}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-spare`;
  const customerId = '1a000000-0000-4000-8000-0000000000ff';
  tenant['resources'].push({
    id,
    name: 'law-spare',
    type: 'microsoft.operationalinsights/workspaces',
    subscriptionId: sub,
    resourceGroup: 'rg-monitoring',
    location: 'westeurope',
    properties: { customerId, features: { disableLocalAuth: true } },
  });
  tenant['workspaces'].push({ resourceId: id, customerId, tables: { AZKVAuditLogs: [] } });
  return tenant;
}

/** The workspace that holds Key Vault audit rows: the one a refusal hurts. */
function loggingWorkspace(): { customerId: string; resourceId: string } {
  const ws = emulator.fixture.workspaces.find((w) =>
    Object.entries(w.tables).some(
      ([name, rows]) => /AZKVAuditLogs|AzureDiagnostics/.test(name) && rows.length,
    ),
  );
  if (!ws) throw new Error('the matrix tenant has no workspace with Key Vault audit rows');
  return ws;
}

/** The checks (of the registry) that read a source. */
const checksNeeding = (source: SourceName) =>
  CHECKS.filter((c) => needsOf(c.metadata).some((n) => n.source === source && n.scope !== 'self')).map(
    (c) => c.metadata.id,
  );

let baseline: AuditReport;
/** What the baseline read: the kill tests replay it, so that a run costs no Azure reads. */
let baselineSnapshot: AuditSnapshot;
const findingIds = (r: AuditReport) => new Set(r.findings.map((f) => f.id));
const failing = (r: AuditReport) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);

beforeAll(async () => {
  // Tokens under 5 minutes are never served from the identity SDK's cache (shared by the whole
  // process): every run asks the endpoint, so a token fault is seen by the run it is set for.
  // Resource Graph's quota window is 10 times shorter than Azure's: same pacing, less waiting.
  emulator = await startTestEmulator(matrixTenant(), {
    tokenLifetimeSeconds: 240,
    quota: { quotaScale: 10 },
  });
  useEmulatorEnv(emulator, vi.stubEnv);
  stores = createMemoryStores();
  const d = deps();
  baseline = (
    await runAudit(
      {
        ...d,
        // A copy: the pipeline owns the snapshot it collects and lets go of parts of it once the
        // checks have run (src/pipeline/releaseEvaluatedData.ts).
        collect: async (plan, progress) => {
          const snapshot = await d.collect(plan, progress);
          baselineSnapshot = structuredClone(snapshot);
          return snapshot;
        },
      },
      { trigger: 'timer' },
    )
  ).report;
  expect(baseline.status, JSON.stringify(baseline.coverage.errors)).toBe('complete');
  expect(baseline.findings.length).toBeGreaterThan(10);
}, 120_000);
afterAll(() => emulator.stop());

/** What every faulted run must keep true, compared with the healthy baseline. */
async function expectNothingInvented(report: AuditReport) {
  const before = findingIds(baseline);
  expect(
    [...findingIds(report)].filter((id) => !before.has(id)),
    'findings the fault created',
  ).toEqual([]);
  expect(report.resolved, 'findings the fault resolved').toEqual([]);
  const passes = new Set(report.checks.filter((c) => c.status === 'pass').map((c) => c.id));
  expect(
    failing(baseline).filter((id) => passes.has(id)),
    'checks that passed on unread data',
  ).toEqual([]);
  const open = new Set((await stores.history.load()).filter((h) => h.status === 'open').map((h) => h.id));
  expect(
    [...before].filter((id) => !open.has(id)),
    'open findings lost from history',
  ).toEqual([]);
}

const SUB2_ID = '5a000000-0000-4000-8000-000000000002';
const SUB2 = `/subscriptions/${SUB2_ID}`;
const SUB1 = '/subscriptions/5a000000-0000-4000-8000-000000000001';

describe('the fault matrix: Azure faults', () => {
  const rows = [
    {
      fault: 'Resource Graph refusing every query (403)',
      faults: [{ api: 'resourceGraph', status: 403 }],
      status: 'partial',
      error: { statusCode: 403 },
    },
    {
      fault: 'Resource Graph 429 storm asking Retry-After: 86400',
      faults: [{ api: 'resourceGraph', status: 429, retryAfterSeconds: 86_400 }],
      status: 'partial',
      error: { statusCode: 429, code: 'RetryAfterTooLong' },
    },
    {
      fault: 'role assignments refused (403) in one subscription',
      faults: [{ api: 'authorization', scope: SUB2, status: 403 }],
      status: 'partial',
      error: { statusCode: 403, scope: expect.stringContaining('5a000000-0000-4000-8000-000000000002') },
    },
    {
      // The only subscription below the 'platform' group, whose grants (User Access Administrator and
      // more) are read with it: the group's own list is asked once this one has failed.
      fault: 'role assignments refused (403) in the only subscription below a management group',
      faults: [{ api: 'authorization', scope: SUB1, status: 403 }],
      status: 'partial',
      error: { statusCode: 403, scope: expect.stringContaining('5a000000-0000-4000-8000-000000000001') },
    },
    {
      // Retried with backoff by the SDK; the budget bounds the outage's cost.
      fault: 'diagnostic settings answering 500 in one subscription (5xx per scope)',
      faults: [{ api: 'diagnosticSettings', scope: SUB2, status: 500 }],
      settings: { AUDIT_COLLECT_BUDGET: 'PT20S' },
      status: 'partial',
      error: { scope: expect.stringContaining('5a000000-0000-4000-8000-000000000002') },
    },
    {
      fault: 'every Log Analytics workspace refusing (403)',
      faults: [{ api: 'logAnalytics', status: 403 }],
      status: 'partial',
      error: { statusCode: 403 },
    },
    {
      fault: 'Microsoft Graph down (503)',
      faults: [{ api: 'graph', status: 503 }],
      status: 'partial',
      error: { statusCode: 503 },
    },
    {
      fault: 'a slow API: diagnostic settings taking longer than the run budget',
      faults: [{ api: 'diagnosticSettings', latencyMs: 3_000 }],
      settings: { AUDIT_COLLECT_BUDGET: 'PT1S' },
      status: 'partial',
      error: { code: 'RunBudgetExceeded' },
    },
    // Malformed bodies: a 200 whose body is cut or is not JSON is an unread source, never an empty one.
    {
      fault: 'Resource Graph answering 200 with a truncated body',
      faults: [{ api: 'resourceGraph', malformed: 'truncated' }],
      settings: { AUDIT_COLLECT_BUDGET: 'PT1S' },
      status: 'partial',
      error: { source: 'subscriptions' },
      errorChecks: checksNeeding('resourceGraph'),
    },
    {
      fault: 'role assignments answering 200 with an HTML page in one subscription',
      faults: [{ api: 'authorization', scope: SUB2, malformed: 'notJson' }],
      status: 'partial',
      error: { source: 'roleAssignments', scope: expect.stringContaining(SUB2_ID) },
    },
    {
      fault: 'diagnostic settings answering 200 with a truncated body',
      faults: [{ api: 'diagnosticSettings', malformed: 'truncated' }],
      status: 'partial',
      error: { source: 'diagnosticSettings' },
    },
    {
      fault: 'Log Analytics answering 200 with a truncated body',
      faults: [{ api: 'logAnalytics', malformed: 'truncated' }],
      status: 'partial',
      error: { source: 'keyVaultLogs' },
      errorChecks: checksNeeding('keyVaultLogs'),
    },
    {
      fault: 'Microsoft Graph answering 200 with a truncated body',
      faults: [{ api: 'graph', malformed: 'truncated' }],
      status: 'partial',
      error: { source: 'directory' },
      errorChecks: checksNeeding('directory'),
    },
    // Token failures for one audience (the run's ARM token works).
    {
      fault: 'no token for Microsoft Graph (identity endpoint 500 for that audience)',
      faults: [{ api: 'token', scope: 'https://graph.microsoft.com', status: 500 }],
      status: 'partial',
      error: { source: 'directory' },
      errorChecks: checksNeeding('directory'),
    },
    {
      fault: 'no token for Log Analytics (identity endpoint 500 for that audience)',
      faults: [{ api: 'token', scope: 'https://api.loganalytics.io', status: 500 }],
      status: 'partial',
      error: { source: 'keyVaultLogs' },
      errorChecks: checksNeeding('keyVaultLogs'),
    },
    {
      fault: 'no token at all (identity endpoint refusing, 400)',
      faults: [{ api: 'token', status: 400, code: 'invalid_request' }],
      status: 'failed',
      error: { source: 'pipeline', statusCode: 400 },
      errorChecks: CHECKS.map((c) => c.metadata.id),
    },
    // 429 storms.
    {
      fault: 'Resource Graph 429 with Retry-After: 1 (waited for, then answered)',
      faults: [{ api: 'resourceGraph', status: 429, retryAfterSeconds: 1, times: 1 }],
      status: 'complete',
    },
    {
      fault: 'Resource Graph 429 storm without Retry-After (backed off until the budget ends)',
      faults: [{ api: 'resourceGraph', status: 429 }],
      settings: { AUDIT_COLLECT_BUDGET: 'PT2S' },
      status: 'partial',
      error: { statusCode: 429, code: 'RunBudgetExceeded' },
      errorChecks: checksNeeding('resourceGraph'),
    },
    {
      fault: 'role assignments 429 without Retry-After in one subscription (not retried by the SDK)',
      faults: [{ api: 'authorization', scope: SUB2, status: 429 }],
      status: 'partial',
      error: { statusCode: 429, scope: expect.stringContaining(SUB2_ID) },
    },
    // 5xx per scope.
    {
      fault: 'Resource Graph 503 on every query (retried until the budget ends)',
      faults: [{ api: 'resourceGraph', status: 503 }],
      settings: { AUDIT_COLLECT_BUDGET: 'PT2S' },
      status: 'partial',
      error: { statusCode: 503 },
      errorChecks: checksNeeding('resourceGraph'),
    },
    {
      fault: 'role assignments 500 in one subscription',
      faults: [{ api: 'authorization', scope: SUB2, status: 500 }],
      status: 'partial',
      error: { statusCode: 500, scope: expect.stringContaining(SUB2_ID) },
    },
    // Log Analytics: one workspace refusing, and partial answers.
    {
      fault: 'the workspace with the Key Vault logs refusing (403) while another answers',
      faults: () => [{ api: 'logAnalytics', workspace: loggingWorkspace().customerId, status: 403 }],
      status: 'partial',
      error: () => ({ statusCode: 403, scope: loggingWorkspace().resourceId }),
      errorChecks: checksNeeding('keyVaultLogs'),
    },
    {
      fault: 'Log Analytics answering 200 with a partial error beside the tables',
      faults: [{ api: 'logAnalytics', partialError: 'Query execution has exceeded the allowed limits' }],
      status: 'partial',
      error: { source: 'keyVaultLogs', message: expect.stringMatching(/partial/) },
      errorChecks: checksNeeding('keyVaultLogs'),
    },
  ] as Row[];
  for (const row of rows) {
    it(
      `${row.fault}: ${row.status}, the error named, nothing invented or resolved`,
      () => faultRow(row),
      60_000,
    );
  }
});

type Lazy<T> = T | (() => T);
const now = <T>(v: Lazy<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

interface Row {
  fault: string;
  /** The emulator's faults for this run (docs/tenant-fixture.md `faults`). */
  faults: Lazy<Record<string, unknown>[]>;
  settings?: Record<string, string>;
  status: AuditReport['status'];
  /** The coverage error the run must name (absent: the run must name none, the fault was absorbed). */
  error?: Lazy<Record<string, unknown>>;
  /** Checks that must say `error`: they read what the fault made unreadable. */
  errorChecks?: string[];
}

async function faultRow(row: Row) {
  emulator.setFaults(now(row.faults));
  alerted.length = 0;
  const historyBefore = await stores.history.load();
  try {
    const latestBefore = await stores.reports.readLatest('findings.json');
    const { report } = await runAudit(deps({}, row.settings ?? {}), { trigger: 'timer' });
    expect(report.status, JSON.stringify(report.coverage.errors)).toBe(row.status);
    if (row.error) expect(report.coverage.errors).toContainEqual(expect.objectContaining(now(row.error)));
    else expect(report.coverage.errors).toEqual([]);
    const statuses = new Map(report.checks.map((c) => [c.id, c.status]));
    expect(
      (row.errorChecks ?? []).filter((id) => statuses.has(id) && statuses.get(id) !== 'error'),
      'checks that read the faulted source and did not say error',
    ).toEqual([]);
    await expectNothingInvented(report);
    expect(alerted, 'alerts caused by the fault').toEqual([]);
    if (row.status === 'failed') {
      expect(await stores.reports.readLatest('findings.json'), 'latest moved by a failed run').toBe(
        latestBefore,
      );
    }
  } finally {
    emulator.setFaults([]);
    // A row that fails must not spoil the next: history goes back to what the row found.
    await stores.history.save(historyBefore);
  }
}

/**
 * The run budget ending at any point of collection: wherever the cut falls (the subscription or
 * management-group list, one Resource Graph query of several, role assignments of some scopes, the
 * managed resource groups read but not the resources, or the reverse), nothing is created, resolved
 * or passed on what went unread. Found by sweeping the cut: a cut after the resources but before the
 * managed resource groups once invented a finding on an AKS node scale set, and a cut in the
 * management-group list resolved three management-group grants.
 */
describe('the fault matrix: the run budget cut at any point of collection', () => {
  for (const ms of [60, 80, 120, 250, 450, 700]) {
    it(`a budget of ${ms} ms: partial, nothing invented or resolved`, () =>
      faultRow({
        fault: `budget ${ms} ms`,
        faults: [{ api: 'diagnosticSettings', latencyMs: 3_000 }],
        settings: { AUDIT_COLLECT_BUDGET: `PT${ms / 1000}S` },
        status: 'partial',
        error: { code: 'RunBudgetExceeded' },
      }));
  }
});

describe('the fault matrix: storage, crashes, concurrency', () => {
  it('storage failing mid-write: the run fails, the lease is released, nothing alerted, history intact', async () => {
    alerted.length = 0;
    const broken: AuditStores = {
      ...stores,
      history: { ...stores.history, save: () => Promise.reject(new Error('storage unavailable (503)')) },
    };
    const latestBefore = await stores.reports.readLatest('findings.json');
    await expect(runAudit(deps({ stores: broken }), { trigger: 'timer' })).rejects.toThrow(
      /storage unavailable/,
    );
    expect(alerted).toEqual([]);
    expect(await stores.reports.readLatest('findings.json')).toBe(latestBefore);
    expect(await stores.runs.acquireLock('probe', new Date())).toEqual({ ok: true });
    await stores.runs.releaseLock('probe');
    await expectNothingInvented(baseline);
  }, 90_000);

  it('a run writes to history only the records it changed: all new at first, none when nothing changed; a finding resolved long ago stays as stored', async () => {
    const longAgo = RESOLVED_LONG_AGO;
    const fresh = createMemoryStores();
    await fresh.history.save([{ ...longAgo }]);
    let saved: string[][] = [];
    const spying: AuditStores = {
      ...fresh,
      history: {
        ...fresh.history,
        save: (records) => {
          saved.push(records.map((r) => r.id));
          return fresh.history.save(records);
        },
      },
    };
    const t0 = Date.parse('2026-11-24T06:00:00Z');
    const run = (at: number) =>
      runAudit(deps({ stores: spying, clock: () => new Date(at), collect: replayedCollect }), {
        trigger: 'timer',
      });
    const first = await run(t0);
    // After reconciling: every finding (all new). Then the alerts' marks, on the same records.
    expect(new Set(saved[0])).toEqual(findingIds(first.report));
    expect(saved.slice(1).every((ids) => ids.every((id) => findingIds(first.report).has(id)))).toBe(true);

    saved = [];
    const second = await run(t0 + 3_600_000);
    expect(findingIds(second.report)).toEqual(findingIds(first.report));
    expect(second.report.findings.every((f) => f.state === 'existing')).toBe(true);
    // Nothing changed but lastSeen: nothing rewritten, and nothing for alerts (all taken before).
    expect(saved).toEqual([[]]);
    const stored = await fresh.history.load();
    expect(stored.find((h) => h.id === longAgo.id)).toEqual(longAgo);
    const open = stored.filter((h) => h.status === 'open');
    expect(open.map((h) => h.lastSeen).every((t) => t === new Date(t0).toISOString())).toBe(true);
  }, 90_000);

  it('storage down at start: the run fails before reading Azure and holds no lease', async () => {
    const down: AuditStores = {
      ...stores,
      runs: { ...stores.runs, acquireLock: () => Promise.reject(new Error('storage unreachable')) },
    };
    await expect(runAudit(deps({ stores: down }), { trigger: 'timer' })).rejects.toThrow(/unreachable/);
    expect(await stores.runs.acquireLock('probe', new Date())).toEqual({ ok: true });
    await stores.runs.releaseLock('probe');
  });

  it('a killed run (its lease never released nor renewed) blocks others only until the lease expires, then is marked interrupted', async () => {
    const killedAt = new Date();
    const dead = '20261124T000000Z-dead00';
    expect(await stores.runs.acquireLock(dead, killedAt)).toEqual({ ok: true });
    await stores.runs.put({
      runId: dead,
      trigger: 'timer',
      status: 'running',
      requestedAt: killedAt.toISOString(),
      startedAt: killedAt.toISOString(),
    });
    const at = (minutes: number) => () => new Date(killedAt.getTime() + minutes * 60_000);
    await expect(runAudit(deps({ clock: at(1) }), { trigger: 'timer' })).rejects.toBeInstanceOf(
      AuditInProgressError,
    );
    expect((await stores.runs.get(dead))?.status, 'marked while its lease was live').toBe('running');
    const { report } = await runAudit(deps({ clock: at(6) }), { trigger: 'timer' });
    expect(report.status).toBe('complete');
    // The run API (GET /api/audit/runs/{id}) and the run list read this record.
    expect(await stores.runs.get(dead)).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect((await stores.runs.list(50)).filter((r) => r.status === 'running')).toEqual([]);
  }, 90_000);

  it('two runs at once: one audits, the other is refused', async () => {
    const results = await Promise.allSettled([
      runAudit(deps(), { trigger: 'timer' }),
      runAudit(deps(), { trigger: 'http' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(AuditInProgressError);
  }, 90_000);

  it('the next healthy run equals the baseline: same findings, none resolved, none new', async () => {
    const { report }: AuditResult = await runAudit(deps(), { trigger: 'timer' });
    expect(report.status).toBe('complete');
    expect(findingIds(report)).toEqual(findingIds(baseline));
    expect(report.resolved).toEqual([]);
    expect(report.summary.new).toBe(0);
  }, 90_000);
});

/**
 * A process killed at a stage: from that moment its run does nothing at all. Every store call it
 * makes never settles (a write in flight is lost, the lease is never renewed nor released, the run
 * record is never updated), its alert sinks never deliver, and the stage that was running stops.
 * (A real kill -9 of a worker process is what this stands for; a child process per stage would cost
 * seconds each.)
 */
function killable(real: AuditStores) {
  let killed = false;
  const never = () => new Promise<never>(() => {});
  const freeze = <T extends object>(o: T): T =>
    Object.fromEntries(
      Object.entries(o).map(([k, f]) => [
        k,
        (...args: unknown[]) => (killed ? never() : (f as (...a: unknown[]) => unknown).apply(o, args)),
      ]),
    ) as T;
  return {
    stores: {
      reports: freeze(real.reports),
      history: freeze(real.history),
      runs: freeze(real.runs),
      runQueue: freeze(real.runQueue),
    } satisfies AuditStores,
    kill: () => {
      killed = true;
    },
    get killed() {
      return killed;
    },
  };
}

class Killed extends Error {}

interface KillPoint {
  stage: string;
  /** Sets up the kill: returns deps overrides that kill the process at the stage. */
  at: (k: ReturnType<typeof killable>) => Partial<AuditDeps>;
}

/** Dies when the pipeline announces a stage (the progress event each stage sends first). */
const onProgress =
  (step: string): KillPoint['at'] =>
  (k) => ({
    progress: (s) => {
      if (s === step) k.kill();
      if (k.killed) throw new Killed(`killed at ${step}`);
    },
  });

/** Replays the baseline's snapshot: a run without Azure reads, its own copy each time. */
const replayedCollect: AuditDeps['collect'] = async (_plan, progress) => {
  progress('resources and role assignments');
  return Promise.resolve(structuredClone(baselineSnapshot));
};

describe('kill -9 at each stage: the lease expires, latest is never half-written, history intact, the next run completes and marks the killed one', () => {
  /** Virtual time for this section, ahead of the real clock, moving forward run by run. */
  let clock = Date.now() + 60 * 60_000;
  const points: KillPoint[] = [
    { stage: 'identify', at: onProgress('identity') },
    {
      stage: 'collect',
      at: (k) => ({
        collect: async () => {
          k.kill();
          return new Promise<never>(() => {});
        },
      }),
    },
    { stage: 'evaluate', at: onProgress('evaluate') },
    { stage: 'reconcile', at: onProgress('reconcile') },
    {
      stage: 'save (half the report files written)',
      at: (k) => ({
        stores: {
          ...k.stores,
          reports: {
            ...k.stores.reports,
            saveRun: async (runId, files) => {
              await stores.reports.saveRun(runId, files.slice(0, Math.ceil(files.length / 2)));
              k.kill();
              return new Promise<never>(() => {});
            },
          },
        },
      }),
    },
    {
      stage: 'saveHistory',
      at: (k) => ({
        stores: {
          ...k.stores,
          history: { ...k.stores.history, save: () => (k.kill(), new Promise(() => {})) },
        },
      }),
    },
    {
      stage: 'publishLatest',
      at: (k) => ({
        stores: {
          ...k.stores,
          reports: { ...k.stores.reports, publishLatest: () => (k.kill(), new Promise(() => {})) },
        },
      }),
    },
    { stage: 'alert', at: onProgress('alert') },
  ];

  for (const point of points) {
    it(`killed at ${point.stage}`, async () => {
      alerted.length = 0;
      const t0 = (clock += 10 * 60_000);
      const k = killable(stores);
      const runId = newRunId(new Date(t0));
      const pointerBefore = await stores.reports.readBlob(LATEST_POINTER);
      const overrides = point.at(k);
      const run = runAudit(
        deps({ stores: k.stores, clock: () => new Date(t0), collect: replayedCollect, ...overrides }),
        { trigger: 'timer', runId },
      );
      run.catch(() => {}); // it never settles once killed; nothing may come of it if it did
      await vi.waitFor(() => expect(k.killed).toBe(true), { timeout: 20_000, interval: 5 });
      const settled = await Promise.race([
        run.then(
          () => true,
          () => true,
        ),
        new Promise((r) => setTimeout(() => r(false), 20)),
      ]);
      expect(settled, 'the killed run went on').toBe(false);

      // The lease is still the dead run's until it expires.
      expect(await stores.runs.acquireLock('probe', new Date(t0 + 60_000))).toEqual({
        ok: false,
        holder: runId,
      });
      expect((await stores.runs.get(runId))?.status).toBe('running');
      // `latest` is the previous run's, or (killed after publishing) this run's complete output.
      const pointer = await stores.reports.readBlob(LATEST_POINTER);
      if (pointer !== pointerBefore) expect(pointer).toBe(JSON.stringify({ runId }));
      const latest = await stores.reports.readLatest('findings.json');
      expect(latest && (JSON.parse(latest) as { runId: string }).runId).toBe(
        (JSON.parse(pointer ?? '{}') as { runId?: string }).runId,
      );
      // Every output of the run `latest` names is there: never a mix, never a gap.
      for (const { name } of OUTPUTS)
        expect(await stores.reports.readLatest(name), `${name} of latest`).toBeDefined();
      await expectNothingInvented(baseline);
      expect(alerted, 'alerts sent by the killed run').toEqual([]);

      // The next run, once the lease has expired, completes and marks the killed one.
      const { report } = await runAudit(
        deps({ clock: () => new Date(t0 + 6 * 60_000), collect: replayedCollect }),
        { trigger: 'timer' },
      );
      expect(report.status).toBe('complete');
      expect(findingIds(report)).toEqual(findingIds(baseline));
      expect(report.resolved).toEqual([]);
      expect(await stores.runs.get(runId)).toMatchObject({ status: 'failed', error: INTERRUPTED });
      expect(await stores.reports.readBlob(LATEST_POINTER)).toBe(JSON.stringify({ runId: report.runId }));
    }, 60_000);
  }
});
