import { isBroadScope, scopeLevel } from '../../azure/scopes.js';
import type { RoleDefinition, RoleEligibility } from '../../collect/snapshot.js';
import { lowerSeverity, type Severity } from '../../severity.js';
import { shellQuote } from '../../util/shellQuote.js';
import { effectivePermissions, type PrivilegeClass } from '../lib/effectivePermissions.js';
import { finding, grantTarget } from '../lib/finding.js';
import {
  describePrivilegedGrant,
  privilegedGrantEvidence,
  privilegedGrants,
} from '../lib/privilegedGrants.js';
import { unknownRoleErrors } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import { metadata } from './metadata.js';

/** Critical above a subscription, high at one; Contributor-level medium; an ABAC condition lowers delegation. */
function severityFor(
  privilege: PrivilegeClass,
  scope: string,
  condition: string | null | undefined,
): Severity {
  let severity: Severity =
    privilege === 'contributor' ? 'medium' : scopeLevel(scope) === 'subscription' ? 'high' : 'critical';
  if (privilege === 'delegation' && condition) severity = lowerSeverity(severity);
  return severity;
}

/** The condition a role's own definition puts on its role-assignment writes, if it has one. */
function definitionCondition(role: RoleDefinition | undefined): string | undefined {
  if (!role || !effectivePermissions(role.permissions).writesRoleAssignmentsUnderCondition) return undefined;
  return role.permissions.find((p) => p.condition)?.condition;
}

export const evaluate = withSnapshotView((view) => {
  const { snapshot } = view;
  const broad = snapshot.roleAssignments.items.filter((a) => isBroadScope(a.scope));
  const active = privilegedGrants(view, broad, 'active').map((g) => {
    const limited = g.grant.condition ?? definitionCondition(g.role);
    return finding(metadata, {
      ...grantTarget(g.grant),
      severity: severityFor(g.privilege, g.grant.scope, limited),
      message: `${view.principalLabel(g.grant.principalId, g.grant.principalType)} holds ${describePrivilegedGrant(g)}${g.grant.condition ? ', limited by an ABAC condition' : limited ? ', limited by an ABAC condition in its role definition' : ''}.`,
      evidence: privilegedGrantEvidence(g),
    });
  });
  const eligibilities = snapshot.roleEligibilities.items.filter((e) => isBroadScope(e.scope));
  const eligible = privilegedGrants(view, eligibilities, 'eligible').map((g) =>
    finding(metadata, {
      ...grantTarget(g.grant),
      severity: lowerSeverity(severityFor(g.privilege, g.grant.scope, definitionCondition(g.role))),
      message: `${view.principalLabel(g.grant.principalId)} is eligible through PIM (active only while activated) for ${describePrivilegedGrant(g)}.`,
      evidence: {
        roleName: g.role?.roleName,
        scope: g.grant.scope,
        scopeLevel: scopeLevel(g.grant.scope),
        privilege: g.privilege,
        assignmentType: 'eligible',
        endDateTime: g.grant.endDateTime ?? undefined,
      },
      remediation: { text: metadata.remediation.text, cli: removeEligibilityCommand(g.grant) },
    }),
  );
  return {
    findings: active.concat(eligible),
    evaluated: broad.length,
    errors: unknownRoleErrors(view.roles, [broad, eligibilities]),
  };
});

/**
 * A PIM eligibility is not a role assignment (`az role assignment delete` cannot remove it) and the
 * Azure CLI has no command for it: an administrator removes it with a role eligibility schedule
 * request of type `AdminRemove` (PUT, request name a new GUID, api-version 2020-10-01; body as in
 * Azure/azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/
 * stable/2020-10-01/examples/PutRoleEligibilityScheduleRequest.json, whose `requestType` enum has
 * `AdminRemove`). `uuidgen` names the request.
 */
function removeEligibilityCommand(e: RoleEligibility): string {
  const scope = e.scope.replace(/\/+$/, '');
  const body = {
    properties: {
      principalId: e.principalId,
      roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${e.roleDefinitionGuid}`,
      requestType: 'AdminRemove',
    },
  };
  const url = `https://management.azure.com${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/`;
  return `az rest --method put --url ${shellQuote(url)}"$(uuidgen)"'?api-version=2020-10-01' --body ${shellQuote(JSON.stringify(body))}`;
}
