/**
 * `npm run bench -- --resources N [--vaults V] [--log-rows L] [--assignments A] [--subscriptions S]
 *  [--management-groups G]
 *  [--quota-scale K] [--history-store file|table] [--kql]`: a synthetic tenant of that size, served
 * by the emulator with Resource Graph's real quota (15 requests per 5 s per caller, 1000 rows a page;
 * --quota-scale K shrinks the window K times), and a full audit against it. Prints one JSON object
 * a line.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

import { Command, InvalidArgumentError, Option } from 'commander';

import { generateSyntheticTenant } from '../emulator/generateTenant.js';
import { runQuery, tableFromObjects, ARG_SCHEMAS, LOG_ANALYTICS_SCHEMAS } from '../emulator/kql/index.js';
import { startAzurite, type RunningAzurite } from '../emulator/startAzurite.js';
import { startEmulator } from '../emulator/startEmulator.js';
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY, IDENTITY_CANDIDATES_QUERY } from '../src/collect/queries.js';
import { auditorHeapMiB, auditorNodeArguments, auditorSemiSpaceMiB } from './lib/auditorHeap.js';
import { buildBenchAudit } from './lib/benchBuild.js';
import { benchFailures, findingMismatches, fullSweepFloorSeconds } from './lib/benchVerdict.js';
import { withTrustedCa } from './lib/withTrustedCa.js';

const count = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};
const program = new Command('npm run bench --')
  .option('--resources <n>', 'resources in the synthetic tenant', count('--resources'), 10_000)
  .option('--vaults <n>', 'Key Vaults', count('--vaults'), 50)
  .option('--log-rows <n>', 'Key Vault audit log rows', count('--log-rows'), 100_000)
  .option('--assignments <n>', 'role assignments', count('--assignments'), 2000)
  .option('--subscriptions <n>', 'subscriptions (default: one per 5000 resources)', count('--subscriptions'))
  .option(
    '--management-groups <n>',
    'management groups below the root, up to six levels deep; subscriptions spread over them, one assignment in fifty at a group (default 0: every subscription under the root)',
    count('--management-groups'),
    0,
  )
  .option(
    '--quota-scale <k>',
    'shrink the quota window K times (the ratio stays comparable)',
    count('--quota-scale'),
    1,
  )
  .option(
    '--instance-memory-mb <n>',
    "the Flex Consumption instance memory the auditor is measured as deployed on: its Node heap limit and semi-space are the template's (two thirds of it, a 64th of it)",
    count('--instance-memory-mb'),
    2048,
  )
  .option(
    '--latency-ms <n>',
    "every Azure API answer waits this long first, as a real round trip does (the loopback emulator's take well under 1 ms)",
    count('--latency-ms'),
    0,
  )
  .option('--seed <n>', 'generator seed', count('--seed'), 42)
  .addOption(
    new Option(
      '--history-store <kind>',
      'where the findings history is kept: file (JSON lines, the default) or table (Azure Table storage through @azure/data-tables, served by Azurite, as deployed)',
    )
      .choices(['file', 'table'])
      .default('file'),
  )
  .option(
    '--profile <dir>',
    "write the audit process's CPU profile (--cpu-prof) and heap sampling profile (--heap-prof) to this folder",
  )
  .option(
    '--kql',
    'also measure the KQL engine alone (filter-and-project over 100,000 rows, summarize over 1,000,000)',
  )
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
program.parse();
const o = program.opts<{
  resources: number;
  vaults: number;
  logRows: number;
  assignments: number;
  subscriptions?: number;
  managementGroups: number;
  quotaScale: number;
  instanceMemoryMb: number;
  latencyMs: number;
  seed: number;
  historyStore: 'file' | 'table';
  kql?: boolean;
  profile?: string;
}>();

const tls = withTrustedCa('MI_AUDITOR_BENCH_TLS');
if (tls) {
  if (o.kql) benchKql();
  const { fixture, expectedFindings: planted } = generateSyntheticTenant({
    seed: o.seed,
    resources: o.resources,
    vaults: o.vaults,
    logRows: o.logRows,
    assignments: o.assignments,
    ...(o.subscriptions ? { subscriptions: o.subscriptions } : {}),
    managementGroups: o.managementGroups,
  });
  const quota = { requests: 15, windowMs: 5000 };
  const emulator = await startEmulator({
    fixture,
    tls,
    quota: { ...quota, quotaScale: o.quotaScale },
    armPageSize: 1000,
    latencyMs: o.latencyMs,
  });
  let failures: string[] = [];
  const auditScript = await buildBenchAudit();
  let azurite: RunningAzurite | undefined;
  try {
    // Azurite answers for Azure Table storage in its own process: its CPU is not the auditor's.
    if (o.historyStore === 'table') azurite = await startAzurite();
    const { NODE_EXTRA_CA_CERTS: _ca, ...settings } = emulator.env;
    const emulatorCpu = process.cpuUsage();
    const profile = o.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`, '--heap-prof', `--heap-prof-dir=${o.profile}`]
      : [];
    const heap = auditorNodeArguments(o.instanceMemoryMb);
    const child = spawn(process.execPath, [...heap, ...profile, auditScript], {
      env: {
        ...process.env,
        // The auditor runs with Node's own heap settings, as in Azure; the emulator's larger young
        // generation (package.json, `bench`) is the emulator's alone.
        NODE_OPTIONS: withoutSemiSpace(process.env['NODE_OPTIONS']),
        ...settings,
        AzureWebJobsStorage: '',
        KV_LOOKBACK: 'P7D',
        ...(azurite ? { MI_AUDITOR_BENCH_HISTORY_TABLE: azurite.connectionString } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const emulatorUsed = process.cpuUsage(emulatorCpu);
    if (code !== 0) throw new Error(`the audit process exited with ${code}`);
    const audit = JSON.parse(out.trim().split('\n').pop()!) as {
      wallSeconds: number;
      cpuMs: number;
      systemCpuMs: number;
      peakRssMiB: number;
      heapSizeLimitMiB: number;
      steps: Record<string, { rssMiB: number; heapMiB: number; seconds: number; cpuMs: number }>;
      outputMiB: Record<string, number>;
      rows: number;
      historyRecordsWritten: number;
      historyStore: 'file' | 'table';
      findings: number;
      findingsByCheck: Record<string, number>;
      checksInError: string[];
      status: string;
      coverageErrors: number;
    };
    const quotaFloorSeconds = fullSweepFloorSeconds(o.resources, quota, o.quotaScale);
    const expectedFindings = Object.values(planted).reduce((a, b) => a + b, 0);
    const mismatches = findingMismatches(planted, audit.findingsByCheck);
    failures = benchFailures({
      status: audit.status,
      findings: audit.findings,
      expectedFindings,
      mismatches,
    });
    console.log(
      JSON.stringify({
        bench: 'audit',
        resources: o.resources,
        subscriptions: (fixture['subscriptions'] as unknown[]).length,
        managementGroups: o.managementGroups,
        vaults: o.vaults,
        logRows: o.logRows,
        assignments: o.assignments,
        quotaScale: o.quotaScale,
        latencyMs: o.latencyMs,
        historyStore: audit.historyStore,
        instanceMemoryMB: o.instanceMemoryMb,
        auditorHeapLimitMiB: auditorHeapMiB(o.instanceMemoryMb),
        auditorSemiSpaceMiB: auditorSemiSpaceMiB(o.instanceMemoryMb),
        auditorV8HeapLimitMiB: audit.heapSizeLimitMiB,
        wallSeconds: round(audit.wallSeconds),
        quotaFloorSeconds: round(quotaFloorSeconds),
        ratio: quotaFloorSeconds > 0 ? round(audit.wallSeconds / quotaFloorSeconds) : null,
        apiCalls: emulator.apiCalls,
        throttled: emulator.throttled(),
        peakRssMiB: audit.peakRssMiB,
        steps: audit.steps,
        outputMiB: audit.outputMiB,
        auditorCpuMsPer1kRows: round(audit.cpuMs / Math.max(1, audit.rows / 1000)),
        rows: audit.rows,
        historyRecordsWritten: audit.historyRecordsWritten,
        status: audit.status,
        findings: audit.findings,
        expectedFindings,
        ...(mismatches.length ? { mismatches } : {}),
        ...(audit.checksInError.length ? { checksInError: audit.checksInError } : {}),
        coverageErrors: audit.coverageErrors,
        auditorCpuMs: Math.round(audit.cpuMs),
        auditorSystemCpuMs: Math.round(audit.systemCpuMs),
        emulatorCpuMs: Math.round((emulatorUsed.user + emulatorUsed.system) / 1000),
      }),
    );
  } finally {
    await Promise.all([emulator.stop(), azurite?.stop()]);
    rmSync(auditScript, { force: true });
  }
  for (const f of failures) console.error(`bench: ${f}`);
  process.exitCode = failures.length ? 1 : 0;
}

/** NODE_OPTIONS without `--max-semi-space-size` (the emulator's GC setting, not the auditor's). */
function withoutSemiSpace(options: string | undefined): string {
  return (options ?? '')
    .split(/\s+/)
    .filter((f) => f && !f.startsWith('--max-semi-space-size'))
    .join(' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function benchKql(): void {
  const now = new Date('2026-11-20T06:00:00Z');
  const rows = Array.from({ length: 100_000 }, (_, i) => ({
    id: `/subscriptions/s/resourceGroups/rg${i % 50}/providers/Microsoft.Web/sites/app${i}`,
    name: `app${i}`,
    type: i % 3 ? 'microsoft.web/sites' : 'microsoft.network/virtualnetworks',
    subscriptionId: 's',
    identity: i % 4 ? { type: 'SystemAssigned' } : null,
    properties: {},
  }));
  const resources = tableFromObjects(rows, ARG_SCHEMAS['resources']);
  runQuery('resources | take 1', { resources }, { now });
  let t = performance.now();
  const filtered = runQuery(IDENTITY_CANDIDATES_QUERY, { resources }, { now });
  const filterMs = performance.now() - t;
  const ops = ['SecretGet', 'SecretList', 'KeyGet', 'VaultGet', 'SecretGet'];
  const logs = tableFromObjects(
    Array.from({ length: 1_000_000 }, (_, i) => ({
      TimeGenerated: new Date(now.getTime() - (i % 500_000) * 1000),
      OperationName: ops[i % 5],
      HttpStatusCode: i % 17 ? 200 : 403,
      _ResourceId: `/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv${i % 40}`,
      Identity: { claim: { oid: `o${i % 300}`, appid: `a${i % 300}`, idtyp: 'app' } },
      Id: `https://kv${i % 40}.vault.azure.net/secrets/s${i % 90}/v1`,
      CallerIpAddress: `10.0.0.${i % 200}`,
    })),
    LOG_ANALYTICS_SCHEMAS['AZKVAuditLogs'],
  );
  t = performance.now();
  const summarized = runQuery(KEY_VAULT_AUDIT_AGGREGATE_QUERY, { AZKVAuditLogs: logs }, { now });
  const summarizeMs = performance.now() - t;
  console.log(
    JSON.stringify({
      bench: 'kql',
      filterProjectRows: 100_000,
      filterProjectMs: round(filterMs),
      filterProjectOut: filtered.rows.length,
      summarizeRows: 1_000_000,
      summarizeMs: round(summarizeMs),
      summarizeGroups: summarized.rows.length,
    }),
  );
}
