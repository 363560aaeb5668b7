import type { AuditSnapshot } from '../../collect/snapshot.js';
import {
  byVaultAndCaller,
  keyVaultLogErrors,
  keyVaults,
  vaultCaller,
  vaultIndex,
} from '../lib/keyVaultLogs.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const vaults = vaultIndex(snapshot);
  const refused = snapshot.keyVaultLogs.aggregates.filter((a) => a.httpStatus === 403);
  const findings: CheckFinding[] = byVaultAndCaller(refused).map((group) => {
    const { summary: s, who, vaultName, target } = vaultCaller(snapshot, vaults, group);
    return {
      checkId: metadata.id,
      severity: 'medium',
      title: metadata.title,
      message: `Key Vault '${vaultName}' refused ${who} ${s.count} time(s) (403) for ${s.operations.join(', ')} between ${s.firstSeen} and ${s.lastSeen}.`,
      ...target,
      evidence: { ...s, httpStatus: 403 },
    };
  });
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
