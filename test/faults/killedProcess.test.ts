/**
 * An audit process killed outright (SIGKILL, as the Functions host stops an invocation past its
 * timeout or an instance is taken away) in the middle of saving a large history to Azure Table
 * storage: what it wrote is whole records, nothing stored before is lost, the next run takes the
 * lease once it expires, marks the killed run interrupted, and completes history (issue #15: a
 * million-resource save takes tens of seconds, long enough to be killed in).
 *
 * The audit runs as the `mi-auditor audit` command in a child process over the emulator and Azurite
 * of this test process; the test kills it as soon as the first history record is in the table.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateSyntheticTenant } from '../../emulator/generateTenant.js';
import { startLocalStack, type LocalStack } from '../../emulator/localStack.js';
import { loadConfig } from '../../src/config.js';
import type { HistoryRecord } from '../../src/model/history.js';
import { createAuditDeps } from '../../src/pipeline/createAuditDeps.js';
import { runAudit } from '../../src/pipeline/runAudit.js';
import { INTERRUPTED } from '../../src/pipeline/runRecord.js';
import { HISTORY_TABLE } from '../../src/store/azureStores.js';
import { LEASE_TTL_MS } from '../../src/store/types.js';
import { RESOLVED_LONG_AGO } from '../support/resolvedLongAgo.js';
import { testTls } from '../support/testEmulator.js';

// Some 8,000 findings: 80 transactions of 100, a save of a second or more against Azurite.
const tenant = generateSyntheticTenant({
  seed: 11,
  resources: 20_000,
  subscriptions: 10,
  vaults: 10,
  logRows: 2_000,
  assignments: 1_000,
});
const planted = Object.values(tenant.expectedFindings).reduce((a, b) => a + b, 0);

/** Stored before the kill, it must come through as it was. */
const resolvedLongAgo = RESOLVED_LONG_AGO;

let stack: LocalStack;
let history: TableClient;
beforeAll(async () => {
  stack = await startLocalStack({ fixture: tenant.fixture, tls: testTls(), quota: { quotaScale: 20 } });
  for (const [k, v] of Object.entries(stack.settings)) vi.stubEnv(k, v);
  history = TableClient.fromConnectionString(stack.azurite.connectionString, HISTORY_TABLE, {
    allowInsecureConnection: true,
  });
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await stack?.stop();
});

/** Every history entity, each parsed: a torn record would throw here. */
async function storedRecords(): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  for await (const e of history.listEntities<{ record: string }>()) {
    const r = JSON.parse(e.record) as HistoryRecord;
    expect(r.id, 'a record is stored under its own id').toBe(e.rowKey);
    out.push(r);
  }
  return out;
}

/**
 * The records once the table has stopped changing: a batch the killed process had already sent is
 * still committed by the service after the process is gone (Azurite then, as Azure would: a received
 * transaction does not depend on its client), so a read right after the kill may see fewer records
 * than the next run will (CI once read 1,858 and the next run found 1,885).
 */
async function settledRecords(): Promise<HistoryRecord[]> {
  let records = await storedRecords();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const again = await storedRecords();
    if (again.length === records.length) return again;
    records = again;
  }
  throw new Error('the history table kept changing after the audit process was killed');
}

/** Whether any record of this run's findings is in the table yet (the old record aside). */
async function savingStarted(): Promise<boolean> {
  try {
    for await (const page of history
      .listEntities({ queryOptions: { filter: `RowKey ne '${resolvedLongAgo.id}'`, select: ['RowKey'] } })
      .byPage({ maxPageSize: 1 }))
      return page.length > 0;
  } catch {
    return false; // the table is not there yet
  }
  return false;
}

/** Runs `mi-auditor audit` in a child process and kills it (SIGKILL) once history saving began. */
async function auditKilledWhileSaving(
  out: string,
): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['bin/mi-auditor.js', 'audit', '--out', out, '--quiet'], {
    env: { ...process.env },
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, signal) => resolve(signal)),
  );
  let running = true;
  void exited.then(() => (running = false));
  while (running && !(await savingStarted())) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  return { signal: await exited, stderr };
}

describe('an audit process killed while saving history', () => {
  it('leaves whole records and the old ones as they were; the next run marks it interrupted and completes history', async () => {
    const config = loadConfig(process.env);
    const stores = createAuditDeps(config).stores;
    await stores.history.save([{ ...resolvedLongAgo }]);

    const killed = await auditKilledWhileSaving(mkdtempSync(join(tmpdir(), 'mi-auditor-killed-')));
    expect(killed.signal, `the audit ended before it was killed: ${killed.stderr}`).toBe('SIGKILL');

    const afterKill = await settledRecords();
    const written = afterKill.filter((r) => r.id !== resolvedLongAgo.id);
    expect(written.length, 'killed mid-save: some records written').toBeGreaterThan(0);
    expect(written.length, 'killed mid-save: not all').toBeLessThan(planted);
    expect(afterKill.find((r) => r.id === resolvedLongAgo.id)).toEqual(resolvedLongAgo);
    const [killedRun] = await stores.runs.list(1);
    expect(killedRun?.status).toBe('running');
    // The killed run never published: there is no latest report yet.
    expect(await stores.reports.readLatest('findings.json')).toBeUndefined();

    // The next run, once the killed run's lease has expired.
    const later = () => new Date(Date.now() + LEASE_TTL_MS + 60_000);
    const { report } = await runAudit({ ...createAuditDeps(config), clock: later }, { trigger: 'timer' });
    expect(report.status).toBe('complete');
    expect(report.findings).toHaveLength(planted);
    const states = new Map<string, number>();
    for (const f of report.findings) states.set(f.state, (states.get(f.state) ?? 0) + 1);
    // What the killed run wrote is history now (existing); the rest is new to this run.
    expect(Object.fromEntries(states)).toEqual({ existing: written.length, new: planted - written.length });
    expect((await stores.runs.get(killedRun!.runId))?.error).toBe(INTERRUPTED);

    const complete = await storedRecords();
    expect(complete).toHaveLength(planted + 1);
    expect(complete.find((r) => r.id === resolvedLongAgo.id)).toEqual(resolvedLongAgo);
    expect(new Set(complete.map((r) => r.id))).toEqual(
      new Set([...report.findings.map((f) => f.id), resolvedLongAgo.id]),
    );
    const latest = JSON.parse((await stores.reports.readLatest('findings.json'))!) as { runId: string };
    expect(latest.runId).toBe(report.runId);
  }, 180_000);
});
