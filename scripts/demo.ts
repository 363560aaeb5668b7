/**
 * `npm run demo`: a whole audit of a tenant fixture on the local Azure emulator and Azurite, through
 * the same handler and pipeline code the timer function runs in Azure, as a managed identity.
 * Exit codes: 0 the audit ran (complete or partial); 1 it failed; 2 bad usage or an invalid fixture.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Command, InvalidArgumentError } from 'commander';

import { FixtureError, parseTenantFixture } from '../emulator/fixture/tenantFixture.js';
import type { EmulatorTls } from '../emulator/tls/certificateAuthority.js';
import { InputError } from '../src/errors.js';
import { parseSuppressions } from '../src/suppress/suppressions.js';
import type { AuditReport } from '../src/report/reportModel.js';
import { SEVERITIES } from '../src/severity.js';
import { withTrustedCa } from './lib/withTrustedCa.js';

const DEFAULT_TENANT = fileURLToPath(new URL('../emulator/fixtures/demo-tenant.json', import.meta.url));

const program = new Command('npm run demo --')
  .description('Audit a tenant fixture end to end on the local Azure emulator and Azurite.')
  .option('--tenant <file>', 'tenant fixture (format: docs/tenant-fixture.md)', DEFAULT_TENANT)
  .option('--out <dir>', 'where the reports go', './audit-output')
  .option(
    '--state <dir>',
    "where local storage keeps its data; runs that share it see each other's history (default: fresh and temporary)",
  )
  .option('--alert-webhook <url>', 'POST alerts there as JSON', (v) => {
    try {
      new URL(v);
    } catch {
      throw new InvalidArgumentError('--alert-webhook must be a URL');
    }
    return v;
  })
  .option('--serve', 'after the audit, keep the HTTP API and dashboard running on localhost')
  .option(
    '--suppressions <file>',
    'suppressions (JSON, format in the README), stored as the suppressions.json blob as in Azure',
  )
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
program.parse();
const opts = program.opts<{
  tenant: string;
  out: string;
  state?: string;
  alertWebhook?: string;
  serve?: boolean;
  suppressions?: string;
}>();

function readFixtureOrExit(): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(opts.tenant, 'utf8'));
  } catch (e) {
    console.error(`--tenant: cannot read ${opts.tenant} as JSON: ${(e as Error).message}`);
    process.exit(2);
  }
  try {
    return parseTenantFixture(raw);
  } catch (e) {
    if (e instanceof FixtureError) {
      console.error(`--tenant ${opts.tenant}: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

const fixture = readFixtureOrExit();
const suppressions = readSuppressionsOrExit();

function readSuppressionsOrExit(): string | undefined {
  if (!opts.suppressions) return undefined;
  try {
    const text = readFileSync(opts.suppressions, 'utf8');
    parseSuppressions(JSON.parse(text), `--suppressions ${opts.suppressions}`);
    return text;
  } catch (e) {
    console.error(
      e instanceof InputError
        ? e.message
        : `--suppressions: cannot read ${opts.suppressions}: ${(e as Error).message}`,
    );
    process.exit(2);
  }
}

const tls = withTrustedCa('MI_AUDITOR_DEMO_TLS');
if (tls) process.exitCode = await main(tls);

async function main(tls: EmulatorTls): Promise<number> {
  // Loaded here, in the child that audits, not at the top: the first process only checks the
  // usage and the fixture and starts the child, and loading the app and the Azure SDKs takes seconds.
  const [
    { InvocationContext },
    { BlobServiceClient },
    { SingleBar },
    { startLocalStack },
    { auditTimer },
    { PROGRESS_STEPS, stepOfLogLine },
    { writeOutputFile },
    { SUPPRESSIONS_BLOB },
    { startLocalFunctionsHost },
  ] = await Promise.all([
    import('@azure/functions'),
    import('@azure/storage-blob'),
    import('cli-progress'),
    import('../emulator/localStack.js'),
    import('../src/handlers/auditTimer.js'),
    import('../src/model/progress.js'),
    import('../src/report/outputStream.js'),
    import('../src/pipeline/createAuditDeps.js'),
    import('./lib/localFunctionsHost.js'),
  ]);
  const stack = await startLocalStack({
    fixture,
    tls,
    ...(opts.state ? { state: resolve(opts.state) } : {}),
  });
  try {
    Object.assign(
      process.env,
      stack.settings,
      // The demo runs on this machine: its webhook may be a local listener.
      opts.alertWebhook ? { ALERT_WEBHOOK_URL: opts.alertWebhook, ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' } : {},
    );
    if (suppressions) {
      const container = BlobServiceClient.fromConnectionString(
        stack.azurite.connectionString,
      ).getContainerClient('reports');
      await container.createIfNotExists();
      await container
        .getBlockBlobClient(SUPPRESSIONS_BLOB)
        .upload(suppressions, Buffer.byteLength(suppressions));
    }
    const interactive = Boolean(process.stdout.isTTY);
    const bar = new SingleBar({
      format: '  auditing {bar} {value}/{total} {step}',
      hideCursor: true,
      clearOnComplete: true,
    });
    if (interactive) bar.start(PROGRESS_STEPS.length, 0, { step: 'starting' });
    const warnings: string[] = [];
    const context = new InvocationContext({
      functionName: 'auditTimer',
      invocationId: `demo-${Date.now()}`,
      logHandler: (level, ...args) => {
        const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
        const step = stepOfLogLine(text);
        if (step) {
          if (interactive) bar.increment({ step });
          else console.log(`  ... ${step}`);
        } else if (level === 'warning' || level === 'error') warnings.push(text);
      },
    });
    const started = Date.now();
    let result;
    try {
      result = await auditTimer(
        {
          isPastDue: false,
          schedule: { adjustForDST: false },
          scheduleStatus: { last: '', next: '', lastUpdated: '' },
        },
        context,
      );
    } finally {
      if (interactive) bar.stop();
    }
    if (!result) {
      console.error('The audit did not run: another audit holds the lock in this --state.');
      return 1;
    }
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true });
    for (const f of result.files) await writeOutputFile(f, join(out, f.name));
    printSummary(result.report, (Date.now() - started) / 1000, out, result.alerts, warnings);

    if (opts.serve) {
      const host = await startLocalFunctionsHost(stack.azurite.connectionString, (m) => console.log(m));
      console.log(
        `\nServing the HTTP API and dashboard at ${host.url}/api/audit/dashboard (POST ${host.url}/api/audit/runs starts an audit). Ctrl+C to stop.`,
      );
      await new Promise<void>((r) => {
        process.once('SIGINT', r);
        process.once('SIGTERM', r);
      });
      await host.stop();
    }
    return result.report.status === 'failed' ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

function printSummary(
  report: AuditReport,
  seconds: number,
  out: string,
  alerts: { sink: string; ok: boolean; error?: string }[],
  warnings: string[],
): void {
  const s = report.summary;
  const total = report.findings.filter((f) => !f.suppressed).length;
  const subsRead = report.coverage.subscriptions.filter((x) => x.read).length;
  const wsRead = report.coverage.workspaces.filter((x) => x.read).length;
  const lines = [
    '',
    `mi-auditor demo: audit ${report.runId} of tenant ${report.tenantId}: ${report.status.toUpperCase()} in ${seconds.toFixed(1)} s`,
    `  Findings: ${total} (${SEVERITIES.map((x) => `${x} ${s.bySeverity[x]}`).join(', ')})`,
    `  New ${s.new}, existing ${s.existing}, reopened ${s.reopened}, resolved ${s.resolved}, suppressed ${s.suppressed}`,
    `  Coverage: ${subsRead}/${report.coverage.subscriptions.length} subscriptions and ${wsRead}/${report.coverage.workspaces.length} workspaces read, ${report.coverage.errors.length} error(s)`,
    ...report.coverage.errors
      .slice(0, 5)
      .map((e) => `    ! ${e.source} at ${e.scope}${e.statusCode ? ` (${e.statusCode})` : ''}: ${e.message}`),
    `  Checks: ${report.checks.length} (${['pass', 'fail', 'error'].map((st) => `${report.checks.filter((c) => c.status === st).length} ${st}`).join(', ')})`,
    '  Top findings:',
    ...report.findings
      .filter((f) => !f.suppressed)
      .slice(0, 8)
      .map(
        (f) =>
          `    ${f.severity.toUpperCase().padEnd(13)} ${f.checkId.padEnd(36)} ${f.message.length > 110 ? `${f.message.slice(0, 107)}...` : f.message}`,
      ),
    `  Alerts: ${alerts.length ? alerts.map((a) => `${a.sink} ${a.ok ? 'sent' : `FAILED (${a.error})`}`).join(', ') : 'none sent (no sink configured, or nothing new at or above ALERT_MIN_SEVERITY)'}`,
    ...warnings.slice(0, 5).map((w) => `  warning: ${w}`),
    `  Reports: ${out}/{findings.json, report.html, report.md, report.sarif, findings.csv}`,
  ];
  console.log(lines.join('\n'));
}
