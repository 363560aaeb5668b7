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
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot, context: CheckContext): CheckResult {
  const vaults = vaultIndex(snapshot);
  const gets = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.operation.toLowerCase() === 'secretget' && a.httpStatus >= 200 && a.httpStatus < 300,
  );
  const findings: CheckFinding[] = [];
  for (const { caller, rows: rows } of byVaultAndCaller(gets)) {
    // Each aggregate counts distinct names within itself; the same reads may be logged to both
    // tables, so the largest count is the safe lower bound, never their sum.
    const distinct = Math.max(...rows.map((r) => r.distinctObjects));
    if (distinct < context.kvMassRetrievalThreshold) continue;
    const first = rows[0]!;
    const vault = vaults.get(first.vaultId.toLowerCase());
    const s = summarize(rows);
    const who = first.callerObjectId
      ? principalLabel(snapshot.directory, first.callerObjectId)
      : (s.upn ?? caller);
    findings.push({
      checkId: metadata.id,
      severity: 'high',
      title: metadata.title,
      message: `${who} read ${distinct} distinct secrets of Key Vault '${vaultName(first.vaultId, vault)}' between ${s.firstSeen} and ${s.lastSeen} (threshold ${context.kvMassRetrievalThreshold}).`,
      resourceId: vault?.id ?? first.vaultId,
      ...(vault ? { subscriptionId: vault.subscriptionId.toLowerCase() } : {}),
      ...(first.callerObjectId ? { principalId: first.callerObjectId.toLowerCase() } : {}),
      discriminator: caller,
      evidence: { ...s, distinctSecrets: distinct, threshold: context.kvMassRetrievalThreshold },
    });
  }
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
