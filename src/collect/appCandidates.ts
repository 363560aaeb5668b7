import { isMaterialRead } from '../azure/keyVaultReads.js';
import type { Collected, Directory, KeyVaultLogs, RoleAssignment } from './snapshot.js';

/**
 * Which service principals to read from Microsoft Graph for the secrets checks: those holding a
 * role assignment of principal type ServicePrincipal, and the callers whose secret, key or
 * certificate reads succeeded (by object id, or by app id when the logs carry no object id). The
 * directory's managed identities, users and groups are left out; the checks decide the rest.
 */
export function appCandidates(
  roleAssignments: Collected<RoleAssignment>,
  keyVaultLogs: KeyVaultLogs,
  directory: Directory,
): { principalIds: Set<string>; appIds: Set<string> } {
  const principalIds = new Set<string>();
  const appIds = new Set<string>();
  const skip = (id: string) => {
    const entry = directory.principals[id];
    if (!entry) return false;
    return (
      entry.kind.toLowerCase() !== 'serviceprincipal' ||
      entry.servicePrincipalType?.toLowerCase() === 'managedidentity'
    );
  };
  for (const a of roleAssignments.items) {
    const id = a.principalId.toLowerCase();
    if (a.principalType.toLowerCase() === 'serviceprincipal' && !skip(id)) principalIds.add(id);
  }
  for (const a of keyVaultLogs.aggregates) {
    // Material reads (gets, and the backups and deleted items' gets kv-non-managed-identity-caller
    // also reports): whether the caller holds credentials of its own is asked of Graph.
    if (!isMaterialRead(a.operation, a.httpStatus) || a.callerManagedIdentityResourceId) continue;
    const id = a.callerObjectId?.toLowerCase();
    if (id) {
      if (!skip(id)) principalIds.add(id);
    } else if (a.callerAppId) appIds.add(a.callerAppId.toLowerCase());
  }
  return { principalIds, appIds };
}
