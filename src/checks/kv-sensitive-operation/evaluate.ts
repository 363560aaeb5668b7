import { finding } from '../lib/finding.js';
import { callerKey, groupBy, succeeded, summarize, vaultName, logCoverage } from '../lib/keyVaultLogs.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

/** Key Vault operation names of deletes, purges and backups (Microsoft Learn, Key Vault logging). */
export const SENSITIVE_OPERATION = /^(Vault|Secret|Key|Certificate)(Delete|Purge|Backup)$/i;

export const evaluate = withSnapshotView((view) => {
  const findings: CheckFinding[] = [];
  for (const [key, group] of groupBy(
    succeeded(view.snapshot, SENSITIVE_OPERATION),
    (a) => `${a.vaultId.toLowerCase()}|${callerKey(a) ?? 'unidentified'}|${a.operation.toLowerCase()}`,
  )) {
    const first = group[0]!;
    const vault = view.vault(first.vaultId);
    const s = summarize(group);
    const caller = first.callerObjectId?.toLowerCase();
    const who = caller ? view.principalLabel(caller) : (s.upn ?? s.appId ?? 'an unidentified caller');
    findings.push(
      finding(metadata, {
        severity: /purge$/i.test(first.operation) ? 'high' : 'medium',
        message: `${who} ran ${first.operation} on Key Vault '${vaultName(first.vaultId, vault)}' ${s.count} time(s) between ${s.firstSeen} and ${s.lastSeen}.`,
        resourceId: vault?.id ?? first.vaultId,
        ...(vault ? { subscriptionId: vault.subscriptionId.toLowerCase() } : {}),
        ...(caller ? { principalId: caller } : {}),
        discriminator: key.split('|').slice(1).join('|'),
        evidence: { ...s, operation: first.operation },
      }),
    );
  }
  return { findings, ...logCoverage(view), errors: [] };
});
