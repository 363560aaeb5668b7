import { finding } from '../lib/finding.js';
import { byVaultAndCaller, callerKind, succeeded, vaultCaller } from '../lib/keyVaultLogs.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

/** Data-plane reads of secrets, keys and certificates (Key Vault's operation names). */
const READ_OPERATION = /^(Secret|Key|Certificate)(Get|List|ListVersions|Backup|GetDeleted|ListDeleted)$/i;

const DESCRIPTION = {
  member: 'a user signing in with their own credentials',
  guest: 'a guest user',
  servicePrincipalWithCredentials: 'a service principal with its own secret or certificate',
} as const;

/** For a user or guest: list the roles that let them read the vault, the ones to remove or make PIM-eligible. */
const PERSON_REMEDIATION = {
  text: 'A person read the vault with their own sign-in: remove their standing data-plane role on the vault (or make it PIM-eligible) and give production secrets a break-glass process.',
  cli: 'az role assignment list --assignee <principalId> --scope <vaultId> --include-inherited',
};

export const evaluate = withSnapshotView((view) => {
  const findings: CheckFinding[] = [];
  for (const group of byVaultAndCaller(succeeded(view.snapshot, READ_OPERATION))) {
    const { kind, basis } = callerKind(view, group.rows[0]!);
    if (kind !== 'member' && kind !== 'guest' && kind !== 'servicePrincipalWithCredentials') continue;
    const { summary: s, who, vaultName, target } = vaultCaller(view, group);
    findings.push(
      finding(metadata, {
        ...target,
        message: `${who}, ${DESCRIPTION[kind]}, read Key Vault '${vaultName}' ${s.count} time(s) (${s.operations.join(', ')}) instead of using a managed identity.`,
        evidence: { ...s, callerKind: kind, classifiedBy: basis },
        // A person has no app credentials to delete: what they can do to the vault is their roles there.
        ...(kind === 'servicePrincipalWithCredentials' ? {} : { remediation: PERSON_REMEDIATION }),
      }),
    );
  }
  return { findings, evaluated: view.keyVaults.length, errors: [] };
});
