/**
 * The audited side of `npm run bench`, in its own process so that its memory and CPU are the
 * auditor's alone. Settings come from the environment (pointed at the emulator); prints one JSON line.
 */
import { loadConfig } from '../../src/config.js';
import { createAuditDeps } from '../../src/pipeline/createAuditDeps.js';
import { runAudit } from '../../src/pipeline/runAudit.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';

let snapshotRows = 0;
const config = loadConfig();
const deps = createAuditDeps(config, { stores: createMemoryStores() });
const collect = deps.collect;
const started = performance.now();
const cpu = process.cpuUsage();
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
console.log(
  JSON.stringify({
    wallSeconds: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rows: snapshotRows,
    findings: result.report.findings.length,
    findingsByCheck: Object.fromEntries(result.report.checks.map((c) => [c.id, c.failed])),
    checksInError: result.report.checks.filter((c) => c.status === 'error').map((c) => c.id),
    status: result.report.status,
    coverageErrors: result.report.coverage.errors.length,
  }),
);
