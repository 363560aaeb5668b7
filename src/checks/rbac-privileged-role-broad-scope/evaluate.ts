import { isBroadScope, scopeLevel } from '../../azure/scopes.js';
import { lowerSeverity, type Severity } from '../../severity.js';
import type { PrivilegeClass } from '../lib/effectivePermissions.js';
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

export const evaluate = withSnapshotView((view) => {
  const { snapshot } = view;
  const broad = snapshot.roleAssignments.items.filter((a) => isBroadScope(a.scope));
  const active = privilegedGrants(view, broad, 'active').map((g) =>
    finding(metadata, {
      ...grantTarget(g.grant),
      severity: severityFor(g.privilege, g.grant.scope, g.grant.condition),
      message: `${view.principalLabel(g.grant.principalId)} holds ${describePrivilegedGrant(g)}${g.grant.condition ? ', limited by an ABAC condition' : ''}.`,
      evidence: privilegedGrantEvidence(g),
    }),
  );
  const eligibilities = snapshot.roleEligibilities.items.filter((e) => isBroadScope(e.scope));
  const eligible = privilegedGrants(view, eligibilities, 'eligible').map((g) =>
    finding(metadata, {
      ...grantTarget(g.grant),
      severity: lowerSeverity(severityFor(g.privilege, g.grant.scope, undefined)),
      message: `${view.principalLabel(g.grant.principalId)} is eligible (PIM, not active) for ${describePrivilegedGrant(g)}.`,
      evidence: {
        roleName: g.role?.roleName,
        scope: g.grant.scope,
        scopeLevel: scopeLevel(g.grant.scope),
        privilege: g.privilege,
        assignmentType: 'eligible',
        endDateTime: g.grant.endDateTime ?? undefined,
      },
    }),
  );
  return {
    findings: active.concat(eligible),
    evaluated: broad.length,
    errors: unknownRoleErrors(snapshot, view.roles),
  };
});
