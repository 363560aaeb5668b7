import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const findings: CheckFinding[] = [];
  for (const a of snapshot.roleAssignments.items) {
    if (view.principalKind(a.principalId) !== 'absent') continue;
    const role = view.roles.get(a.roleDefinitionGuid);
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `Role assignment of ${role?.roleName ?? a.roleDefinitionGuid} at ${a.scope} belongs to principal ${a.principalId}, which no longer exists in the directory.`,
        evidence: assignmentEvidence(a, role),
      }),
    );
  }
  return { findings, evaluated: snapshot.roleAssignments.items.length, errors: [] };
}
