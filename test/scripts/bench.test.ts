import { describe, expect, it } from 'vitest';

import { runNode } from '../support/runProcess.js';

/** Runs `npm run bench -- ...` as a user would: its own CA, emulator and audit process. */
function bench(args: string[], extraEnv: Record<string, string> = {}) {
  const { NODE_EXTRA_CA_CERTS: _ca, MI_AUDITOR_TEST_TLS: _t, ...env } = process.env;
  return runNode(['node_modules/tsx/dist/cli.mjs', 'scripts/bench.ts', ...args], { ...env, ...extraEnv });
}

// A CI-size tenant: every planted kind of finding occurs, the run takes seconds. Timing is printed,
// never asserted; the counts are.
const SMALL = ['--resources', '2500', '--vaults', '40', '--log-rows', '4000', '--assignments', '600'];
const SMALL_ARGS = [...SMALL, '--quota-scale', '20'];

// Each run starts its own emulator and audit process and reads every web app's publishing policies
// over ARM (local-auth-enabled): allow well over the default test timeout on a loaded machine.
describe('npm run bench', { timeout: 120_000 }, () => {
  it('prints the contract fields and exits 0 when the audit is complete and finds exactly what was planted', async () => {
    const run = await bench(SMALL_ARGS);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    for (const field of [
      'resources',
      'wallSeconds',
      'quotaFloorSeconds',
      'ratio',
      'apiCalls',
      'throttled',
      'peakRssMiB',
      'auditorCpuMsPer1kRows',
      'status',
      'findings',
      'expectedFindings',
      'auditorCpuMs',
      'emulatorCpuMs',
    ])
      expect(line).toHaveProperty(field);
    expect(line['resources']).toBe(2500);
    expect(line['status']).toBe('complete');
    expect(line['expectedFindings']).toBeGreaterThan(0);
    expect(line['findings']).toBe(line['expectedFindings']);
    expect(line['throttled']).toBe(0);
    expect((line['apiCalls'] as Record<string, number>)['resourceGraph']).toBeGreaterThan(0);
    // Three processes (CA wrapper, emulator, audit) on a shared machine: generous, never asserted.
    expect(line['historyStore']).toBe('file');
    // Run as deployed on the default 2048 MB instance: the template's heap limit and semi-space,
    // as V8 in the audit process reports them (its young generation is three semi-spaces: Node.js
    // CLI docs, --max-semi-space-size), so arguments that never reached the auditor fail here.
    expect([line['instanceMemoryMB'], line['auditorHeapLimitMiB'], line['auditorSemiSpaceMiB']]).toEqual([
      2048, 1365, 32,
    ]);
    expect(line['auditorV8HeapLimitMiB']).toBe(1365 + 3 * 32);
    // A first run: every finding is new, written once; alerts (none configured) mark nothing.
    expect(line['historyRecordsWritten']).toBe(line['findings']);
  }, 180_000);

  it('keeps history in Azure Table storage through the Table client with --history-store table, as deployed', async () => {
    const run = await bench([...SMALL_ARGS, '--history-store', 'table']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line['historyStore']).toBe('table');
    expect(line['status']).toBe('complete');
    expect(line['findings']).toBe(line['expectedFindings']);
    expect(line['historyRecordsWritten']).toBe(line['findings']);
  }, 180_000);

  it('audits a management-group hierarchy: grants at groups count for every subscription below, 0 throttled', async () => {
    const run = await bench([
      ...['--resources', '1000', '--subscriptions', '12', '--vaults', '4', '--log-rows', '100'],
      ...['--assignments', '1500', '--management-groups', '40', '--quota-scale', '20'],
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line['managementGroups']).toBe(40);
    expect(line['status']).toBe('complete');
    expect(line['findings']).toBe(line['expectedFindings']);
    expect(line['throttled']).toBe(0);
  }, 180_000);

  it('refuses an unknown history store, naming the option', async () => {
    const run = await bench([...SMALL_ARGS, '--history-store', 'cosmos']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--history-store/);
  });

  it('exits 1 and names the check when a planted finding is missing', async () => {
    // An owner limit no subscription reaches: the planted rbac-too-many-owners findings go missing.
    const run = await bench(SMALL_ARGS, { RBAC_MAX_OWNERS: '1000' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /bench: \d+ findings where \d+ were planted \(found\/planted: rbac-too-many-owners 0\/\d+\)/,
    );
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line['findings']).not.toBe(line['expectedFindings']);
  }, 180_000);
});
