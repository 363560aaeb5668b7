import { finding, grantTarget } from '../lib/finding.js';
import { isForeignGroup } from '../lib/principalKind.js';
import { assignmentEvidence } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import { metadata } from './metadata.js';

/**
 * Assignments to a group of another tenant: ARM's principal type `ForeignGroup` (PrincipalType enum,
 * Azure/azure-rest-api-specs Microsoft.Authorization stable/2022-04-01). A Cloud Solution Provider's
 * AdminAgents group holds Owner on every Azure CSP subscription it sells (Partner Center, "Reinstate
 * admin privileges for a customer's Azure CSP subscriptions": the group's object id is read in the
 * partner's tenant and assigned in the customer's; ARM answers such an id "has type 'ForeignGroup'",
 * Azure/azure-cli#18616). This tenant's directory never holds it, so not finding it there says
 * nothing: called orphaned, the remediation would delete the partner's access.
 */
export const OTHER_TENANT_GROUP =
  "a group of another tenant (principal type ForeignGroup, such as a CSP partner's AdminAgents): not in this directory by design";

export const evaluate = withSnapshotView((view) => {
  const assignments = view.snapshot.roleAssignments.items;
  let foreign = 0;
  const findings = assignments
    .filter((a) => {
      if (!isForeignGroup(a.principalType)) return view.principalKind(a.principalId) === 'absent';
      foreign++;
      return false;
    })
    .map((a) => {
      const role = view.roles.get(a.roleDefinitionGuid);
      return finding(metadata, {
        ...grantTarget(a),
        message: `Role assignment of ${role?.roleName ?? a.roleDefinitionGuid} at ${a.scope} belongs to principal ${a.principalId}, which no longer exists in the directory.`,
        evidence: assignmentEvidence(a, role),
      });
    });
  return {
    findings,
    evaluated: assignments.length - foreign,
    errors: [],
    ...(foreign ? { notEvaluated: [{ reason: OTHER_TENANT_GROUP, count: foreign }] } : {}),
  };
});
