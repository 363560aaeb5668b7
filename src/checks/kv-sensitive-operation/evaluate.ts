import type { AuditSnapshot } from '../../collect/snapshot.js';
import {
  callerKey,
  groupBy,
  keyVaultLogErrors,
  keyVaults,
  summarize,
  vaultIndex,
  vaultName,
} from '../lib/keyVaultLogs.js';
import { principalLabel } from '../lib/principalKind.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/** Key Vault operation names of deletes, purges and backups (Microsoft Learn, Key Vault logging). */
export const SENSITIVE_OPERATION = /^(Vault|Secret|Key|Certificate)(Delete|Purge|Backup)$/i;

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const vaults = vaultIndex(snapshot);
  const rows = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.httpStatus >= 200 && a.httpStatus < 300 && SENSITIVE_OPERATION.test(a.operation),
  );
  const findings: CheckFinding[] = [];
  for (const [key, group] of groupBy(
    rows,
    (a) => `${a.vaultId.toLowerCase()}|${callerKey(a) ?? 'unidentified'}|${a.operation.toLowerCase()}`,
  )) {
    const first = group[0]!;
    const vault = vaults.get(first.vaultId.toLowerCase());
    const s = summarize(group);
    const purge = /purge$/i.test(first.operation);
    const who = first.callerObjectId
      ? principalLabel(snapshot.directory, first.callerObjectId)
      : (s.upn ?? s.appId ?? 'an unidentified caller');
    findings.push({
      checkId: metadata.id,
      severity: purge ? 'high' : 'medium',
      title: metadata.title,
      message: `${who} ran ${first.operation} on Key Vault '${vaultName(first.vaultId, vault)}' ${s.count} time(s) between ${s.firstSeen} and ${s.lastSeen}.`,
      resourceId: vault?.id ?? first.vaultId,
      ...(vault ? { subscriptionId: vault.subscriptionId.toLowerCase() } : {}),
      ...(first.callerObjectId ? { principalId: first.callerObjectId.toLowerCase() } : {}),
      discriminator: key.split('|').slice(1).join('|'),
      evidence: { ...s, operation: first.operation },
    });
  }
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
