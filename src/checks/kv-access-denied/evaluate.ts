import type { AuditSnapshot } from '../../collect/snapshot.js';
import {
  byVaultAndCaller,
  keyVaultLogErrors,
  keyVaults,
  summarize,
  vaultIndex,
  vaultName,
} from '../lib/keyVaultLogs.js';
import { principalLabel } from '../lib/principalKind.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const vaults = vaultIndex(snapshot);
  const refused = snapshot.keyVaultLogs.aggregates.filter((a) => a.httpStatus === 403);
  const findings: CheckFinding[] = [];
  for (const { caller, rows: rows } of byVaultAndCaller(refused)) {
    const first = rows[0]!;
    const vault = vaults.get(first.vaultId.toLowerCase());
    const s = summarize(rows);
    const who = first.callerObjectId
      ? principalLabel(snapshot.directory, first.callerObjectId)
      : (s.upn ?? caller);
    findings.push({
      checkId: metadata.id,
      severity: 'medium',
      title: metadata.title,
      message: `Key Vault '${vaultName(first.vaultId, vault)}' refused ${who} ${s.count} time(s) (403) for ${s.operations.join(', ')} between ${s.firstSeen} and ${s.lastSeen}.`,
      resourceId: vault?.id ?? first.vaultId,
      ...(vault ? { subscriptionId: vault.subscriptionId.toLowerCase() } : {}),
      ...(first.callerObjectId ? { principalId: first.callerObjectId.toLowerCase() } : {}),
      discriminator: caller,
      evidence: { ...s, httpStatus: 403 },
    });
  }
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
