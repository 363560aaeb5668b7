import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { runCliInProcess } from '../support/cliInProcess.js';
import { runNode } from '../support/runProcess.js';
import { DEMO_TENANT, readFixture, startTestEmulator } from '../support/testEmulator.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(readFixture(DEMO_TENANT));
});
afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

// The auditor's own storage account, whose data roles it needs (as a deployment sets it).
const OWN_STORAGE =
  '/subscriptions/5a000000-0000-4000-8000-000000000001/resourceGroups/rg-audit/providers/Microsoft.Storage/storageAccounts/stmiauditor01';

/** The settings that point the command at an emulator; no storage, so it keeps its state in memory. */
function settingsFor(target: RunningEmulator): Record<string, string | undefined> {
  const { NODE_EXTRA_CA_CERTS: _c, ...emulatorEnv } = target.env;
  return { ...emulatorEnv, AUDITOR_STORAGE_ACCOUNT_ID: OWN_STORAGE, AzureWebJobsStorage: undefined };
}

/**
 * Runs the command in its own process, as a person or a pipeline would, pointed at the emulator.
 * Asynchronously: the emulator serving it runs in this test process. Kept for what the process
 * boundary decides (the exit code a pipeline sees, nothing on stderr); the other runs are in-process.
 */
function cli(args: string[], target: RunningEmulator = emulator) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(settingsFor(target))) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return runNode(['bin/mi-auditor.js', ...args], env);
}

/** The same command in this process (same code path, same emulator; see runCliInProcess). */
const cliHere = (args: string[], target: RunningEmulator = emulator) =>
  runCliInProcess(args, settingsFor(target));

describe('the mi-auditor command', () => {
  it('audits with DefaultAzureCredential, writes the reports and fails the pipeline on critical findings', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mi-auditor-cli-'));
    const run = await cli(['audit', '--out', out, '--fail-on', 'critical', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    expect(readdirSync(out).sort()).toEqual([
      'findings.csv',
      'findings.json',
      'report.html',
      'report.md',
      'report.sarif',
    ]);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(report).toMatchObject({ trigger: 'cli', status: 'complete' });
    expect(report.findings).toHaveLength(80);
  }, 60_000);

  it('runs only the checks and subscriptions asked for, and writes only the formats asked for', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mi-auditor-cli-'));
    const run = await cliHere([
      'audit',
      '--out',
      out,
      '--check',
      'kv-access-policy-model',
      '--subscription',
      '5a000000-0000-4000-8000-000000000002',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^complete: 1 findings/);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(['kv-access-policy-model']);
  }, 60_000);

  it('applies a suppressions file and counts what it suppressed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-cli-'));
    const file = join(dir, 'suppressions.json');
    writeFileSync(
      file,
      JSON.stringify({
        suppressions: [
          { checkId: 'rbac-too-many-owners', reason: 'owners reviewed in November', expires: '2099-01-01' },
        ],
      }),
    );
    const run = await cliHere([
      'audit',
      '--out',
      dir,
      '--check',
      'rbac-too-many-owners',
      '--format',
      'json',
      '--suppressions',
      file,
      '--fail-on',
      'low',
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'));
    // The demo tenant breaks both rules of the owner check: too many owners on one subscription,
    // fewer than two (CIS 5.27) on the other; the suppression by check id covers both.
    expect(report.summary.suppressed).toBe(2);
    expect(report.findings[0].suppressed).toEqual({
      reason: 'owners reviewed in November',
      expires: '2099-01-01',
    });
  }, 60_000);

  it('refuses a bad suppressions file with exit code 2, naming the JSON path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mi-auditor-cli-')), 'suppressions.json');
    writeFileSync(file, JSON.stringify({ suppressions: [{ checkId: 'x', expires: '2099-01-01' }] }));
    const run = await cliHere(['audit', '--suppressions', file, '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('$.suppressions[0].reason');
  }, 60_000);

  it('exits 4 on a partial run unless --allow-partial, and SARIF says the execution did not succeed', async () => {
    const fixture = readFixture(DEMO_TENANT);
    // Role assignments of one subscription refused: the run is partial.
    fixture['faults'] = [
      { api: 'authorization', scope: '/subscriptions/5a000000-0000-4000-8000-000000000002', status: 403 },
    ];
    const faulty = await startTestEmulator(fixture);
    try {
      const out = mkdtempSync(join(tmpdir(), 'mi-auditor-cli-'));
      const args = (extra: string[]) => ['audit', '--out', out, '--format', 'json,sarif', ...extra];
      const strict = await cli(args([]), faulty);
      expect(strict.status).toBe(4);
      expect(strict.stderr).toMatch(/partial .*--allow-partial/);
      const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8'));
      expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications.length).toBeGreaterThan(0);
      expect((await cliHere(args(['--allow-partial']), faulty)).status).toBe(0);
      expect((await cliHere(args(['--allow-partial', '--fail-on', 'critical']), faulty)).status).toBe(3);
    } finally {
      await faulty.stop();
    }
  }, 90_000);
});
