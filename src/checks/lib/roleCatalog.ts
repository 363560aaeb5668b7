import type { AuditSnapshot, RoleAssignment, RoleDefinition } from '../../collect/snapshot.js';
import { privilegeClass, type PrivilegeClass } from './effectivePermissions.js';
import { scopeLevel, type ScopeLevel } from '../../azure/scopes.js';

/** Role definitions by GUID, with their privilege class computed once. */
export interface RoleCatalog {
  get(guid: string): RoleDefinition | undefined;
  privilege(guid: string): PrivilegeClass;
}

/** Indexes the snapshot's role definitions, built-in and custom. */
export function roleCatalog(snapshot: AuditSnapshot): RoleCatalog {
  const byGuid = new Map(snapshot.roleDefinitions.items.map((r) => [r.guid, r]));
  const classes = new Map<string, PrivilegeClass>();
  return {
    get: (guid) => byGuid.get(guid.toLowerCase()),
    privilege(guid) {
      const key = guid.toLowerCase();
      if (!classes.has(key)) {
        const role = byGuid.get(key);
        classes.set(key, role ? privilegeClass(role.permissions) : undefined);
      }
      return classes.get(key);
    },
  };
}

/** Name of a privilege class as people say it. */
export function privilegeLabel(privilege: Exclude<PrivilegeClass, undefined>): string {
  return { owner: 'Owner-level', delegation: 'access-delegation', contributor: 'Contributor-level' }[
    privilege
  ];
}

/** Human name of a scope level. */
export function scopeLabel(level: ScopeLevel): string {
  return {
    root: 'the tenant root',
    managementGroup: 'management group',
    subscription: 'subscription',
    resourceGroup: 'resource group',
    resource: 'resource',
  }[level];
}

/** The evidence every role-assignment finding carries (an eligibility has no id of its role or condition). */
export function assignmentEvidence(
  assignment: Pick<RoleAssignment, 'roleDefinitionGuid' | 'scope' | 'principalType'> &
    Partial<Pick<RoleAssignment, 'roleDefinitionId' | 'condition' | 'createdOn'>>,
  role: RoleDefinition | undefined,
) {
  return {
    roleName: role?.roleName ?? assignment.roleDefinitionGuid,
    roleType: role?.roleType,
    roleDefinitionId: assignment.roleDefinitionId ?? assignment.roleDefinitionGuid,
    scope: assignment.scope,
    scopeLevel: scopeLevel(assignment.scope),
    principalType: assignment.principalType,
    condition: assignment.condition ?? undefined,
    createdOn: assignment.createdOn ?? undefined,
  };
}

/**
 * Grants among `grantLists` (the assignments, or eligibilities, the check judges) whose role
 * definition is not in the snapshot. Without the definition a check cannot tell whether the grant
 * is privileged, so it must say so rather than pass the grant silently. Only the lists the check
 * reads: a check that judges active assignments alone is not made `error` by an eligibility.
 */
export function unknownRoleErrors(
  roles: RoleCatalog,
  grantLists: readonly (readonly { id: string; roleDefinitionGuid: string }[])[],
): string[] {
  const missing = new Map<string, string>();
  for (const grants of grantLists) {
    for (const a of grants) {
      if (!roles.get(a.roleDefinitionGuid) && !missing.has(a.roleDefinitionGuid))
        missing.set(a.roleDefinitionGuid, a.id);
    }
  }
  return [...missing].map(([guid, id]) => `role definition ${guid} (used by ${id}) could not be read`);
}
