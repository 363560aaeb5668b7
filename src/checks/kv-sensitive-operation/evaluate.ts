import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { callerKey, groupBy, summarize, vaultName } from '../lib/keyVaultLogs.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/** Key Vault operation names of deletes, purges and backups (Microsoft Learn, Key Vault logging). */
export const SENSITIVE_OPERATION = /^(Vault|Secret|Key|Certificate)(Delete|Purge|Backup)$/i;

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const rows = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.httpStatus >= 200 && a.httpStatus < 300 && SENSITIVE_OPERATION.test(a.operation),
  );
  const findings: CheckFinding[] = [];
  for (const [key, group] of groupBy(
    rows,
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
  return { findings, evaluated: view.keyVaults.length, errors: [] };
}
