/**
 * The audited side of `npm run bench`, in its own process so that its memory and CPU are the
 * auditor's alone. Settings come from the environment (pointed at the emulator); prints one JSON line.
 * Memory is sampled as the audit goes, so the line also says in which step the peak was reached.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';

import { TableClient } from '@azure/data-tables';

import type { ProgressStep } from '../../src/model/progress.js';
import { loadConfig } from '../../src/config.js';
import { createAuditDeps } from '../../src/pipeline/createAuditDeps.js';
import { runAudit } from '../../src/pipeline/runAudit.js';
import { createFileReportStore } from '../../src/store/fileReportStore.js';
import { HISTORY_TABLE } from '../../src/store/azureStores.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';
import { tableHistoryStore } from '../../src/store/tableHistory.js';
import type { HistoryStore } from '../../src/store/types.js';
import { jsonLinesHistoryStore } from './benchHistoryStore.js';

let snapshotRows = 0;
let step: ProgressStep | 'start' = 'start';
/**
 * Per step: the peak resident memory by its end and the most heap seen (MiB), its wall seconds and
 * the auditor's CPU in it (ms, every thread: V8's helper threads and libuv's pool included).
 */
const steps: Record<string, { rssMiB: number; heapMiB: number; seconds: number; cpuMs: number }> = {};
const started = performance.now();
let stepStarted = started;
let stepCpu = process.cpuUsage();
/** Closes the current step's clock: its wall seconds and CPU so far are added to it. */
const endStep = () => {
  const used = process.cpuUsage(stepCpu);
  stepCpu = process.cpuUsage();
  steps[step]!.cpuMs += (used.user + used.system) / 1000;
  steps[step]!.seconds += (performance.now() - stepStarted) / 1000;
  stepStarted = performance.now();
};
const mib = (n: number) => Math.round(n / 1024 / 1024);
/**
 * The auditor's own peak resident memory in KiB: the kernel's high-water mark of this process's
 * memory (`VmHWM` in /proc/self/status, Linux), exact and free to read, no polling that would cost
 * the auditor CPU. Not getrusage's maxRSS: that also counts the memory of the process this one was
 * forked from, as the kernel saw it at exec (the bench spawns the auditor from the emulator's
 * process: a bare `node -e` child reported a maxRSS of 167 MiB beside a 2.1 GiB emulator, 39 MiB
 * on its own; VmHWM said 40 MiB). Elsewhere maxRSS is the best there is.
 */
function peakRssKiB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
/** At each step's start and end: the peak resident memory so far and the heap in use. */
const sample = () => {
  const s = (steps[step] ??= { rssMiB: 0, heapMiB: 0, seconds: 0, cpuMs: 0 });
  s.rssMiB = Math.max(s.rssMiB, Math.round(peakRssKiB() / 1024));
  s.heapMiB = Math.max(s.heapMiB, mib(process.memoryUsage().heapUsed));
};
const config = loadConfig();

/**
 * The history store of `--history-store`: JSON lines in a folder of the bench's, or, given
 * `MI_AUDITOR_BENCH_HISTORY_TABLE` (a connection string), the deployed app's Azure Table store.
 */
async function historyStore(): Promise<HistoryStore> {
  const table = process.env['MI_AUDITOR_BENCH_HISTORY_TABLE'];
  let store: HistoryStore;
  if (!table) store = jsonLinesHistoryStore(join(historyDir, 'history.jsonl'));
  else {
    const client = TableClient.fromConnectionString(table, HISTORY_TABLE, { allowInsecureConnection: true });
    await client.createTable();
    store = tableHistoryStore(client);
  }
  return {
    load: () => store.load(),
    save: (records) => {
      historyRecordsWritten += records.length;
      return store.save(records);
    },
  };
}
/** Records the run gave its history store to write (both saves, the alerts' marks included). */
let historyRecordsWritten = 0;
// Reports are streamed to files as they are rendered, as the Azure store streams them to blobs
// (src/store/azureStores.ts, uploadStream): memory stores would hold every output as one string.
const reportsDir = mkdtempSync(join(tmpdir(), 'mi-auditor-bench-'));
const historyDir = mkdtempSync(join(tmpdir(), 'mi-auditor-bench-history-'));
const deps = createAuditDeps(config, {
  stores: {
    ...createMemoryStores(),
    reports: createFileReportStore(reportsDir),
    history: await historyStore(),
  },
  progress: (next) => {
    sample();
    endStep();
    step = next;
    sample();
    // A long run says where it is (`MI_AUDITOR_BENCH_PROGRESS=1`), so one stopped early still tells.
    if (process.env['MI_AUDITOR_BENCH_PROGRESS'])
      console.error(
        `bench: ${Math.round(performance.now() - started) / 1000} s, ${next}, peak RSS ${steps[step]!.rssMiB} MiB`,
      );
    // A heap snapshot as a step begins, for finding what is alive then (`--heap-snapshot-at <step>`).
    if (next === process.env['MI_AUDITOR_BENCH_HEAPSNAPSHOT_AT'])
      console.error(
        `heap snapshot: ${writeHeapSnapshot(join(tmpdir(), `mi-auditor-bench-${process.pid}.heapsnapshot`))}`,
      );
  },
});
// `MI_AUDITOR_BENCH_MEMTRACE=1`: resident memory and heap every 250 ms on stderr, to see where a
// step's peak comes from (live data, or garbage V8 has not yet collected).
if (process.env['MI_AUDITOR_BENCH_MEMTRACE'])
  setInterval(() => {
    const m = process.memoryUsage();
    console.error(
      `mem ${Math.round(performance.now() - started)} ms ${step}: rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} heapTotal ${mib(m.heapTotal)} external ${mib(m.external)} MiB`,
    );
  }, 250).unref();
const collect = deps.collect;
const cpu = process.cpuUsage();
sample();
const result = await runAudit(
  {
    ...deps,
    collect: async (plan, progress) => {
      const s = await collect(plan, progress);
      snapshotRows =
        s.resources.items.length +
        s.roleAssignments.items.length +
        s.keyVaultLogs.aggregates.length +
        s.subscriptions.items.length;
      return s;
    },
  },
  { trigger: 'cli' },
);
const used = process.cpuUsage(cpu);
sample();
endStep();
for (const s of Object.values(steps)) {
  s.seconds = Math.round(s.seconds * 100) / 100;
  s.cpuMs = Math.round(s.cpuMs);
}
const outputMiB = Object.fromEntries(
  readdirSync(reportsDir).map((f) => [f, Math.round(statSync(join(reportsDir, f)).size / 10485.76) / 100]),
);
rmSync(historyDir, { recursive: true, force: true });
if (!process.env['MI_AUDITOR_BENCH_KEEP_REPORTS']) rmSync(reportsDir, { recursive: true, force: true });
else console.error(`reports kept in ${reportsDir}`);
console.log(
  JSON.stringify({
    wallSeconds: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
    systemCpuMs: used.system / 1000,
    peakRssMiB: Math.round(peakRssKiB() / 1024),
    // Said by V8 in the audit process itself: the heap it was given (old space and young generation).
    heapSizeLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    steps,
    outputMiB,
    rows: snapshotRows,
    historyRecordsWritten,
    // Said by the audit process itself: the store it did use.
    historyStore: process.env['MI_AUDITOR_BENCH_HISTORY_TABLE'] ? 'table' : 'file',
    findings: result.report.findings.length,
    findingsByCheck: Object.fromEntries(result.report.checks.map((c) => [c.id, c.failed])),
    checksInError: result.report.checks.filter((c) => c.status === 'error').map((c) => c.id),
    status: result.report.status,
    coverageErrors: result.report.coverage.errors.length,
  }),
);
