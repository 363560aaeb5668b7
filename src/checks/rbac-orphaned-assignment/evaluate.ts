import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import { metadata } from './metadata.js';

export const evaluate = withSnapshotView((view) => {
  const assignments = view.snapshot.roleAssignments.items;
  const findings = assignments
    .filter((a) => view.principalKind(a.principalId) === 'absent')
    .map((a) => {
      const role = view.roles.get(a.roleDefinitionGuid);
      return finding(metadata, {
        ...grantTarget(a),
        message: `Role assignment of ${role?.roleName ?? a.roleDefinitionGuid} at ${a.scope} belongs to principal ${a.principalId}, which no longer exists in the directory.`,
        evidence: assignmentEvidence(a, role),
      });
    });
  return { findings, evaluated: assignments.length, errors: [] };
});
