import type { AuditSnapshot } from '../../collect/snapshot.js';
import {
  byVaultAndCaller,
  keyVaultLogErrors,
  keyVaults,
  vaultCaller,
  vaultIndex,
} from '../lib/keyVaultLogs.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot, context: CheckContext): CheckResult {
  const vaults = vaultIndex(snapshot);
  const gets = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.operation.toLowerCase() === 'secretget' && a.httpStatus >= 200 && a.httpStatus < 300,
  );
  const findings: CheckFinding[] = [];
  for (const group of byVaultAndCaller(gets)) {
    // Each aggregate counts distinct names across both tables (one KQL dcount over their union), so
    // reads logged before and after a vault changed modes count together and none twice. Several
    // 2xx statuses make several aggregates; the largest is the safe lower bound, never their sum.
    const distinct = Math.max(...group.rows.map((r) => r.distinctObjects));
    if (distinct < context.kvMassRetrievalThreshold) continue;
    const { summary: s, who, vaultName, target } = vaultCaller(snapshot, vaults, group);
    findings.push({
      checkId: metadata.id,
      severity: 'high',
      title: metadata.title,
      message: `${who} read ${distinct} distinct secrets of Key Vault '${vaultName}' between ${s.firstSeen} and ${s.lastSeen} (threshold ${context.kvMassRetrievalThreshold}).`,
      ...target,
      evidence: { ...s, distinctSecrets: distinct, threshold: context.kvMassRetrievalThreshold },
    });
  }
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
