import type { Directory, DirectoryPrincipal } from '../../collect/snapshot.js';

/** Microsoft's own tenants: service principals of first-party apps (App Service, ARM, ...) live there. */
const MICROSOFT_TENANTS = new Set([
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
]);

/**
 * What kind of caller or assignee a principal is, for the questions the checks ask: is it a managed
 * identity, or does it hold credentials of its own?
 */
export type PrincipalKind =
  | 'managedIdentity'
  /** An app registration's service principal: it authenticates with a secret or certificate. */
  | 'servicePrincipalWithCredentials'
  /** A Microsoft first-party service (App Service reading a certificate, say). */
  | 'firstPartyService'
  | 'member'
  | 'guest'
  | 'group'
  /** Looked up in the directory and not found: deleted. */
  | 'absent'
  /** Could not be told: the directory could not be read for it. */
  | 'unknown';

/**
 * Whether an assignment's principal type (ARM's PrincipalType) is a group of another tenant,
 * `ForeignGroup` (a CSP partner's AdminAgents, say): this tenant's directory never holds it
 * (rbac-orphaned-assignment).
 */
export function isForeignGroup(principalType: string | undefined): boolean {
  return principalType?.toLowerCase() === 'foreigngroup';
}

/** The directory's entry for a principal id, if it was looked up and found. */
export function directoryEntry(directory: Directory, principalId: string): DirectoryPrincipal | undefined {
  return directory.principals[principalId.toLowerCase()];
}

/** Classifies a principal from the directory alone. */
export function principalKind(directory: Directory, principalId: string): PrincipalKind {
  const entry = directoryEntry(directory, principalId);
  if (!entry) {
    const lookedUp = directory.lookedUp.includes(principalId.toLowerCase());
    return lookedUp && directory.errors.length === 0 ? 'absent' : 'unknown';
  }
  return kindOfEntry(entry);
}

/** Classifies a directory entry (see PrincipalKind). */
export function kindOfEntry(entry: DirectoryPrincipal): PrincipalKind {
  const kind = entry.kind.toLowerCase();
  if (kind === 'user') {
    const guest =
      entry.userType?.toLowerCase() === 'guest' ||
      (entry.userPrincipalName ?? '').toUpperCase().includes('#EXT#');
    return guest ? 'guest' : 'member';
  }
  if (kind === 'group') return 'group';
  if (kind === 'serviceprincipal') {
    const spType = entry.servicePrincipalType?.toLowerCase();
    if (spType === 'managedidentity') return 'managedIdentity';
    if (entry.appOwnerOrganizationId && MICROSOFT_TENANTS.has(entry.appOwnerOrganizationId.toLowerCase())) {
      return 'firstPartyService';
    }
    return 'servicePrincipalWithCredentials';
  }
  return 'unknown';
}

/** A readable name for messages: display name and UPN where known, else the object id. */
export function principalLabel(directory: Directory, principalId: string): string {
  const entry = directoryEntry(directory, principalId);
  if (!entry) return principalId;
  const name = entry.displayName ?? principalId;
  return entry.userPrincipalName ? `${name} (${entry.userPrincipalName})` : name;
}
