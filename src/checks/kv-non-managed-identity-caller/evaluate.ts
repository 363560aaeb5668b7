import { MATERIAL_READ_OPERATION } from '../../azure/keyVaultReads.js';
import { finding } from '../lib/finding.js';
import { byVaultAndCaller, callerKind, succeeded, vaultCaller, logCoverage } from '../lib/keyVaultLogs.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

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
  for (const group of byVaultAndCaller(succeeded(view.snapshot, MATERIAL_READ_OPERATION))) {
    const { kind, basis } = callerKind(view, group.rows[0]!);
    if (kind !== 'member' && kind !== 'guest' && kind !== 'servicePrincipalWithCredentials') continue;
    const first = group.rows[0]!;
    const credentials =
      kind === 'servicePrincipalWithCredentials'
        ? view.ownCredentials({
            ...(first.callerObjectId ? { objectId: first.callerObjectId } : {}),
            ...(first.callerAppId ? { appId: first.callerAppId } : {}),
          })
        : undefined;
    // An app that signs in only with a federated credential (a pipeline's OIDC) holds no secret.
    if (credentials === 'none') continue;
    const { summary: s, who, vaultName, target } = vaultCaller(view, group);
    const description =
      credentials === 'homeTenant'
        ? 'a service principal of an app registered in another tenant'
        : DESCRIPTION[kind];
    findings.push(
      finding(metadata, {
        ...target,
        message: `${who}, ${description}, read Key Vault '${vaultName}' ${s.count} time(s) (${s.operations.join(', ')}) instead of using a managed identity.`,
        evidence: {
          ...s,
          callerKind: kind,
          classifiedBy: basis,
          ...(credentials ? { ownCredentials: credentials } : {}),
        },
        // A person has no app credentials to delete: what they can do to the vault is their roles there.
        ...(kind === 'servicePrincipalWithCredentials' ? {} : { remediation: PERSON_REMEDIATION }),
      }),
    );
  }
  return { findings, ...logCoverage(view), errors: [] };
});
