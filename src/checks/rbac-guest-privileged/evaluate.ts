import { finding, grantTarget } from '../lib/finding.js';
import {
  describePrivilegedGrant,
  privilegedGrantEvidence,
  privilegedGrants,
  type PrivilegedGrant,
  type RoleGrant,
} from '../lib/privilegedGrants.js';
import { unknownRoleErrors } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

const ofUsers = <G extends RoleGrant>(grants: readonly G[]) =>
  grants.filter((g) => g.principalType.toLowerCase() === 'user');

export const evaluate = withSnapshotView((view) => {
  const { snapshot } = view;
  const findings: CheckFinding[] = [];
  const errors = unknownRoleErrors(view.roles, [
    snapshot.roleAssignments.items,
    snapshot.roleEligibilities.items,
  ]);
  const active: PrivilegedGrant[] = privilegedGrants(view, ofUsers(snapshot.roleAssignments.items), 'active');
  const grants = active.concat(privilegedGrants(view, ofUsers(snapshot.roleEligibilities.items), 'eligible'));
  for (const g of grants) {
    const kind = view.principalKind(g.grant.principalId);
    if (kind === 'unknown') {
      errors.push(`user ${g.grant.principalId} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'guest') continue;
    const eligible = g.assignmentType === 'eligible';
    findings.push(
      finding(metadata, {
        ...grantTarget(g.grant),
        severity: eligible ? 'medium' : 'high',
        message: `Guest user ${view.principalLabel(g.grant.principalId)} ${eligible ? 'is eligible through PIM (active only while activated) for' : 'holds'} ${describePrivilegedGrant(g)}.`,
        evidence: privilegedGrantEvidence(g),
      }),
    );
  }
  return { findings, evaluated: grants.length, errors };
});
