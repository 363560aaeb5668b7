/**
 * Rows tests add to a tenant fixture, in the shapes docs/tenant-fixture.md gives them: one builder
 * per kind, so that a test names only what matters to it.
 */

/** A role assignment as ARM lists it (RoleAssignments_ListForScope, 2022-04-01): `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`. */
export function roleAssignmentRow(a: {
  scope: string;
  name: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  /** Further properties (createdOn, condition, ...). */
  properties?: Record<string, unknown>;
}) {
  return {
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      ...a.properties,
    },
  };
}
