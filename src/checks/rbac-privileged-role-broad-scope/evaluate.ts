import { isBroadScope, scopeLevel } from '../../azure/scopes.js';
import type { AuditSnapshot, RoleEligibility } from '../../collect/snapshot.js';
import { lowerSeverity, type Severity } from '../../severity.js';
import { shellQuote } from '../../util/shellQuote.js';
import type { PrivilegeClass } from '../lib/effectivePermissions.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence, privilegeLabel, scopeLabel, unknownRoleErrors } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
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

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const { roles } = view;
  const findings: CheckFinding[] = [];
  let evaluated = 0;

  for (const a of snapshot.roleAssignments.items) {
    if (!isBroadScope(a.scope)) continue;
    evaluated++;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    const role = roles.get(a.roleDefinitionGuid);
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        severity: severityFor(privilege, a.scope, a.condition),
        message: `${view.principalLabel(a.principalId)} holds ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}${a.condition ? ', limited by an ABAC condition' : ''}.`,
        evidence: { ...assignmentEvidence(a, role), privilege, assignmentType: 'active' },
      }),
    );
  }

  for (const e of snapshot.roleEligibilities.items) {
    if (!isBroadScope(e.scope)) continue;
    const privilege = roles.privilege(e.roleDefinitionGuid);
    if (!privilege) continue;
    const role = roles.get(e.roleDefinitionGuid);
    findings.push(
      finding(metadata, {
        ...grantTarget(e),
        severity: lowerSeverity(severityFor(privilege, e.scope, undefined)),
        message: `${view.principalLabel(e.principalId)} is eligible (PIM, not active) for ${role?.roleName ?? e.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(e.scope))} scope ${e.scope}.`,
        evidence: {
          roleName: role?.roleName,
          scope: e.scope,
          scopeLevel: scopeLevel(e.scope),
          privilege,
          assignmentType: 'eligible',
          endDateTime: e.endDateTime ?? undefined,
        },
        remediation: { text: metadata.remediation.text, cli: removeEligibilityCommand(e) },
      }),
    );
  }
  return { findings, evaluated, errors: unknownRoleErrors(snapshot, roles) };
}

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
