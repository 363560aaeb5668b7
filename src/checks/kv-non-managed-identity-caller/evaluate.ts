import type { AuditSnapshot } from '../../collect/snapshot.js';
import {
  byVaultAndCaller,
  callerKind,
  keyVaultLogErrors,
  keyVaults,
  vaultCaller,
  vaultIndex,
} from '../lib/keyVaultLogs.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/** Data-plane reads of secrets, keys and certificates (Key Vault's operation names). */
const READ_OPERATION = /^(Secret|Key|Certificate)(Get|List|ListVersions|Backup|GetDeleted|ListDeleted)$/i;

const DESCRIPTION = {
  member: 'a user signing in with their own credentials',
  guest: 'a guest user',
  servicePrincipalWithCredentials: 'a service principal with its own secret or certificate',
} as const;

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const vaults = vaultIndex(snapshot);
  const reads = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.httpStatus >= 200 && a.httpStatus < 300 && READ_OPERATION.test(a.operation),
  );
  const findings: CheckFinding[] = [];
  for (const group of byVaultAndCaller(reads)) {
    const { kind, basis } = callerKind(snapshot, group.rows[0]!);
    if (kind !== 'member' && kind !== 'guest' && kind !== 'servicePrincipalWithCredentials') continue;
    const { summary: s, who, vaultName, target } = vaultCaller(snapshot, vaults, group);
    findings.push({
      checkId: metadata.id,
      severity: 'high',
      title: metadata.title,
      message: `${who}, ${DESCRIPTION[kind]}, read Key Vault '${vaultName}' ${s.count} time(s) (${s.operations.join(', ')}) instead of using a managed identity.`,
      ...target,
      evidence: { ...s, callerKind: kind, classifiedBy: basis },
    });
  }
  return { findings, evaluated: keyVaults(snapshot).length, errors: keyVaultLogErrors(snapshot) };
}
