import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence, privilegeLabel, scopeLabel, unknownRoleErrors } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import { scopeLevel } from '../../azure/scopes.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const { roles } = view;
  const findings: CheckFinding[] = [];
  const errors = unknownRoleErrors(snapshot, roles);
  let evaluated = 0;
  const grants = [
    ...snapshot.roleAssignments.items.map((a) => ({ grant: a, eligible: false })),
    ...snapshot.roleEligibilities.items.map((e) => ({ grant: e, eligible: true })),
  ];
  for (const { grant: a, eligible } of grants) {
    if (a.principalType.toLowerCase() !== 'user') continue;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    evaluated++;
    const kind = view.principalKind(a.principalId);
    if (kind === 'unknown') {
      errors.push(`user ${a.principalId} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'guest') continue;
    const role = roles.get(a.roleDefinitionGuid);
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        severity: eligible ? 'medium' : 'high',
        message: `Guest user ${view.principalLabel(a.principalId)} ${eligible ? 'is eligible (PIM, not active) for' : 'holds'} ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}.`,
        evidence: {
          ...assignmentEvidence(a, role),
          privilege,
          assignmentType: eligible ? 'eligible' : 'active',
        },
      }),
    );
  }
  return { findings, evaluated, errors };
}
