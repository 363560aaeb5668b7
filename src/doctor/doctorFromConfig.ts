import { auditorIdentity } from '../collect/auditorIdentity.js';
import { createAzureClients } from '../collect/azureClients.js';
import { createCredential } from '../collect/credential.js';
import type { AuditorConfig } from '../config.js';
import { runDoctor, type DoctorReport } from './runDoctor.js';

/**
 * The doctor wired from settings, as the app and the CLI run it: the same credential and clients an
 * audit uses. In the app that is the deployed managed identity; the CLI may use it too
 * (`--managed-identity`) or a person's own sign-in.
 */
export function doctorFromConfig(
  config: AuditorConfig,
  credentialKind: 'managedIdentity' | 'default' = 'managedIdentity',
): Promise<DoctorReport> {
  const credential = createCredential(config, credentialKind);
  return runDoctor(config, () => auditorIdentity(credential), createAzureClients(config, credential));
}

/** The report as a plain-text table for a terminal: one line a source and scope, then what to do. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `mi-auditor doctor: ${report.principalId ? `identity ${report.principalId}` : 'no identity'}${report.tenantId ? ` in tenant ${report.tenantId}` : ''}`,
    '',
  ];
  const width = report.checks.reduce((w, c) => Math.max(w, c.source.length), 8);
  for (const c of report.checks) {
    lines.push(`${c.ok ? 'ok     ' : 'MISSING'}  ${c.source.padEnd(width)}  ${c.scope}`);
    lines.push(`         ${' '.repeat(width)}  ${c.detail}`);
    if (c.missing) lines.push(`         ${' '.repeat(width)}  needs: ${c.missing}`);
    if (c.fix) lines.push(`         ${' '.repeat(width)}  grant: ${c.fix}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push(
    '',
    failed
      ? `${failed} of ${report.checks.length} probe(s) failed: an audit now would be partial.`
      : `All ${report.checks.length} probe(s) passed: every source an audit reads is readable.`,
  );
  return lines.join('\n');
}
