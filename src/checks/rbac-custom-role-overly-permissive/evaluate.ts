import { effectivePermissions } from '../lib/effectivePermissions.js';
import { finding } from '../lib/finding.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

export const evaluate = withSnapshotView((view) => {
  const findings: CheckFinding[] = [];
  const custom = view.snapshot.roleDefinitions.items.filter((r) => r.roleType === 'CustomRole');
  for (const role of custom) {
    const e = effectivePermissions(role.permissions);
    const reasons = [
      e.writesEverything && 'creates and changes resources of every provider',
      e.writesRoleAssignments && 'writes role assignments',
      e.writesRoleDefinitions && 'writes role definitions',
      e.elevatesAccess && 'elevates access',
      e.dataEverything && 'performs every data action',
    ].filter((r): r is string => Boolean(r));
    if (reasons.length === 0) continue;
    const assigned = view.assignmentCount(role.guid);
    findings.push(
      finding(metadata, {
        severity: assigned > 0 ? 'critical' : 'high',
        message: `Custom role '${role.roleName}' ${reasons.join(', ')}${assigned > 0 ? `, and is assigned ${assigned} time(s)` : ''}.`,
        resourceId: role.id,
        evidence: {
          roleName: role.roleName,
          reasons,
          permissions: role.permissions,
          assignableScopes: role.assignableScopes,
          assignments: assigned,
        },
      }),
    );
  }
  return { findings, evaluated: custom.length, errors: [] };
});
