import type { AuditSnapshot, KeyVaultAccessAggregate, RoleAssignment } from '../../collect/snapshot.js';
import { isVaultRead as isSuccessfulRead } from '../../azure/keyVaultReads.js';
import { directoryEntry, kindOfEntry } from './principalKind.js';

/** What a service principal can reach in Azure: its role assignments and the vaults it read. */
export interface AppReach {
  roleAssignments: RoleAssignment[];
  vaultReads: KeyVaultAccessAggregate[];
}

/** A successful read of a secret, key or certificate. */
export function isVaultRead(a: KeyVaultAccessAggregate): boolean {
  return isSuccessfulRead(a.operation, a.httpStatus);
}

/**
 * The service principals that reach Azure, by object id (role assignments of principal type
 * ServicePrincipal, vault reads by object id) and the vault readers known only by app id. Principals
 * the directory knows as managed identities, Microsoft first-party services, users or groups are
 * left out: they hold no app-registration secret of the tenant's own.
 */
export function appReach(snapshot: Pick<AuditSnapshot, 'roleAssignments' | 'keyVaultLogs' | 'directory'>): {
  byObjectId: Map<string, AppReach>;
  vaultReadsByAppId: Map<string, KeyVaultAccessAggregate[]>;
} {
  const byObjectId = new Map<string, AppReach>();
  const vaultReadsByAppId = new Map<string, KeyVaultAccessAggregate[]>();
  const excluded = (id: string) => {
    const entry = directoryEntry(snapshot.directory, id);
    return entry !== undefined && kindOfEntry(entry) !== 'servicePrincipalWithCredentials';
  };
  const reachOf = (id: string) => {
    let r = byObjectId.get(id);
    if (!r) {
      r = { roleAssignments: [], vaultReads: [] };
      byObjectId.set(id, r);
    }
    return r;
  };
  for (const a of snapshot.roleAssignments.items) {
    if (a.principalType.toLowerCase() !== 'serviceprincipal') continue;
    const id = a.principalId.toLowerCase();
    if (!excluded(id)) reachOf(id).roleAssignments.push(a);
  }
  for (const a of snapshot.keyVaultLogs.aggregates) {
    if (!isVaultRead(a) || a.callerManagedIdentityResourceId) continue;
    if (a.callerIdType && a.callerIdType.toLowerCase() !== 'app') continue;
    const id = a.callerObjectId?.toLowerCase();
    if (id) {
      if (!excluded(id)) reachOf(id).vaultReads.push(a);
    } else if (a.callerAppId) {
      const appId = a.callerAppId.toLowerCase();
      const list = vaultReadsByAppId.get(appId) ?? [];
      list.push(a);
      vaultReadsByAppId.set(appId, list);
    }
  }
  return { byObjectId, vaultReadsByAppId };
}
