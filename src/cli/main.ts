/**
 * The `mi-auditor` command: the same audit pipeline outside Azure, signed in with
 * DefaultAzureCredential (az login, environment, workload identity or managed identity).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Command, InvalidArgumentError, Option } from 'commander';

import { isGuid } from '../azure/guid.js';
import { CHECKS } from '../checks/registry.js';
import { registerDoctorCommand } from './doctorCommand.js';
import { exitCodeFor } from './exitCode.js';
import { loadConfig } from '../config.js';
import { ConfigError, InputError } from '../errors.js';
import { createAuditDeps } from '../pipeline/createAuditDeps.js';
import { runAudit } from '../pipeline/runAudit.js';
import { TOOL_VERSION } from '../pipeline/toolVersion.js';
import { writeOutputFile } from '../report/outputStream.js';
import { outputOf, OUTPUTS, type OutputFormat } from '../report/outputs.js';
import { failureSentence } from '../report/runOutcome.js';
import { createFileReportStore } from '../store/fileReportStore.js';
import { createMemoryStores } from '../store/memoryStores.js';
import { SEVERITIES, type Severity } from '../severity.js';
import { parseLookback } from '../util/isoDuration.js';

const CHECK_IDS = CHECKS.map((c) => c.metadata.id);
const FORMATS: readonly string[] = OUTPUTS.map((o) => o.format);

const collect =
  (check: (v: string) => string) =>
  (value: string, previous: string[] = []) => [...previous, check(value)];

const program = new Command('mi-auditor')
  .description('Audit an Azure tenant for managed identities, Key Vault and role assignments.')
  .version(TOOL_VERSION)
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));

program
  .command('audit')
  .description('Run an audit and write the reports.')
  .option(
    '--subscription <id>',
    'audit this subscription (repeatable; default: every readable one)',
    collect((v) => {
      if (!isGuid(v)) throw new InvalidArgumentError('--subscription must be a subscription id (GUID)');
      return v.toLowerCase();
    }),
  )
  .option(
    '--management-group <name>',
    'audit the subscriptions under this management group (repeatable)',
    collect((v) => v),
  )
  .option(
    '--check <id>',
    `run only this check (repeatable): ${CHECK_IDS.join(', ')}`,
    collect((v) => {
      if (!CHECK_IDS.includes(v))
        throw new InvalidArgumentError(`--check must be one of ${CHECK_IDS.join(', ')}`);
      return v;
    }),
  )
  .option(
    '--lookback <duration>',
    'Key Vault audit-log window, ISO-8601 (default KV_LOOKBACK or P7D)',
    (v) => {
      const lookback = parseLookback(v);
      if ('problem' in lookback)
        throw new InvalidArgumentError('--lookback must be an ISO-8601 duration such as P7D');
      return lookback.text;
    },
  )
  .option('--out <dir>', 'where the reports go', './audit-output')
  .addOption(
    new Option('--format <formats>', 'comma-separated outputs').default(FORMATS.join(',')).argParser((v) => {
      const list = v.split(',').map((s) => s.trim());
      const bad = list.find((f) => !FORMATS.includes(f));
      if (bad) throw new InvalidArgumentError(`--format: unknown format '${bad}'; use ${FORMATS.join(', ')}`);
      return list.join(',');
    }),
  )
  .addOption(
    new Option(
      '--fail-on <severity>',
      'exit with code 3 when a finding at or above this severity exists (for pipelines)',
    ).choices([...SEVERITIES]),
  )
  .option(
    '--suppressions <file>',
    'suppressions file (JSON, format in the README); default: the suppressions.json blob when storage is configured',
  )
  .option(
    '--allow-partial',
    'exit 0 (or 3) on a partial run, where some scope or source could not be read; without it a partial run exits 4',
  )
  .option('--quiet', 'print nothing but errors')
  .action(
    async (options: {
      subscription?: string[];
      managementGroup?: string[];
      check?: string[];
      lookback?: string;
      out: string;
      format: string;
      failOn?: Severity;
      suppressions?: string;
      allowPartial?: boolean;
      quiet?: boolean;
    }) => {
      let config;
      try {
        config = loadConfig({
          ...process.env,
          ...(options.managementGroup ? { AUDIT_MANAGEMENT_GROUPS: options.managementGroup.join(',') } : {}),
          ...(options.lookback ? { KV_LOOKBACK: options.lookback } : {}),
        });
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(e.message);
          process.exit(2);
        }
        throw e;
      }
      const out = resolve(options.out);
      const wanted = new Set(options.format.split(',').map((f) => outputOf(f as OutputFormat).name));
      const deps = createAuditDeps(config, {
        credentialKind: 'default',
        // Without storage the outputs are rendered straight into --out, never kept in memory.
        ...(config.storage
          ? {}
          : { stores: { ...createMemoryStores(), reports: createFileReportStore(out, wanted) } }),
        ...(options.suppressions ? { suppressionsFile: options.suppressions } : {}),
        ...(options.quiet ? {} : { progress: (step) => console.error(`... ${step}`) }),
        log: (m) => console.error(`warning: ${m}`),
      });
      const result = await runAudit(deps, {
        trigger: 'cli',
        ...(options.subscription ? { subscriptions: options.subscription } : {}),
        ...(options.check ? { checks: options.check } : {}),
      });
      if (config.storage) {
        mkdirSync(out, { recursive: true });
        for (const f of result.files.filter((x) => wanted.has(x.name)))
          await writeOutputFile(f, join(out, f.name));
      }
      const r = result.report;
      const failure = failureSentence(r);
      if (failure) console.error(failure);
      if (!options.quiet) {
        console.log(
          `${r.status}: ${r.findings.filter((f) => !f.suppressed).length} findings (${SEVERITIES.map((s) => `${s} ${r.summary.bySeverity[s]}`).join(', ')}); ${r.coverage.errors.length} coverage error(s). Reports in ${out}`,
        );
      }
      if (r.status === 'partial' && !options.allowPartial)
        console.error(
          `mi-auditor: the run is partial (${r.coverage.errors.length} coverage error(s), see the report); exit 4. Pass --allow-partial to accept it.`,
        );
      const code = exitCodeFor(r, options);
      if (code !== 0) process.exit(code);
    },
  );

program
  .command('checks')
  .description('List the checks and their severities.')
  .action(() => {
    for (const c of CHECKS)
      console.log(`${c.metadata.id.padEnd(38)} ${c.metadata.severity.padEnd(13)} ${c.metadata.title}`);
  });

registerDoctorCommand(program);

await program.parseAsync().catch((e: unknown) => {
  console.error(`mi-auditor: ${(e as Error).message}`);
  process.exit(e instanceof InputError ? 2 : 1);
});
