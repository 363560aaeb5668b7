import { scopeLevel } from '../../azure/scopes.js';
import type { RoleAssignment, RoleDefinition, RoleEligibility } from '../../collect/snapshot.js';
import type { PrivilegeClass } from './effectivePermissions.js';
import { assignmentEvidence, privilegeLabel, scopeLabel } from './roleCatalog.js';
import type { SnapshotView } from './snapshotView.js';

/** An active role assignment or a PIM eligibility. */
export type RoleGrant = RoleAssignment | RoleEligibility;

/**
 * A grant of a privileged role (Owner-level, access delegation or Contributor-level, as
 * `privilegeClass` judges its permissions), with its role definition and whether it is active or
 * only eligible. What the role checks (broad scope, guests, service principals) report on.
 */
export interface PrivilegedGrant<G extends RoleGrant = RoleGrant> {
  grant: G;
  role: RoleDefinition | undefined;
  privilege: Exclude<PrivilegeClass, undefined>;
  assignmentType: 'active' | 'eligible';
}

/**
 * The grants of a privileged role among `grants`, in their order. A grant whose role definition
 * is not in the snapshot is left out here; `unknownRoleErrors` makes the check say so.
 */
export function privilegedGrants<G extends RoleGrant>(
  view: SnapshotView,
  grants: readonly G[],
  assignmentType: PrivilegedGrant['assignmentType'],
): PrivilegedGrant<G>[] {
  const out: PrivilegedGrant<G>[] = [];
  for (const grant of grants) {
    const privilege = view.roles.privilege(grant.roleDefinitionGuid);
    if (privilege)
      out.push({ grant, role: view.roles.get(grant.roleDefinitionGuid), privilege, assignmentType });
  }
  return out;
}

/** Where a grant applies, as findings say it: "subscription scope /subscriptions/…". */
export function scopePhrase(scope: string): string {
  return `${scopeLabel(scopeLevel(scope))} scope ${scope}`;
}

/** What a privileged grant gives, as findings say it: "Owner (Owner-level) at subscription scope /subscriptions/…". */
export function describePrivilegedGrant({ grant, role, privilege }: PrivilegedGrant): string {
  return `${role?.roleName ?? grant.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopePhrase(grant.scope)}`;
}

/** The evidence of a finding about a privileged grant: the assignment's, its privilege class and whether it is active. */
export function privilegedGrantEvidence({ grant, role, privilege, assignmentType }: PrivilegedGrant) {
  return { ...assignmentEvidence(grant, role), privilege, assignmentType };
}
