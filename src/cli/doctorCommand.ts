import type { Command } from 'commander';

import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { doctorFromConfig, formatDoctorReport } from '../doctor/doctorFromConfig.js';

/**
 * `mi-auditor doctor`: what the identity can and cannot read, with the grant that is missing.
 * Exit 0 only when every source is readable; 1 when some is not; 2 for bad settings.
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check that the identity can read every source an audit needs, at every configured scope, and print what to grant where it cannot.',
    )
    .option(
      '--managed-identity',
      'sign in as the managed identity (in the app or on an Azure host), not DefaultAzureCredential',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { managedIdentity?: boolean; json?: boolean }) => {
      let config;
      try {
        config = loadConfig(process.env);
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(e.message);
          process.exit(2);
        }
        throw e;
      }
      const report = await doctorFromConfig(config, options.managedIdentity ? 'managedIdentity' : 'default');
      console.log(options.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
      process.exit(report.ok ? 0 : 1);
    });
}
