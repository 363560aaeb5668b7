import { isBroadScope, scopeLevel } from '../../azure/scopes.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence, privilegeLabel, scopeLabel, unknownRoleErrors } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
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
  for (const a of snapshot.roleAssignments.items) {
    if (a.principalType.toLowerCase() !== 'serviceprincipal' || !isBroadScope(a.scope)) continue;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    evaluated++;
    const kind = view.principalKind(a.principalId);
    if (kind === 'unknown') {
      errors.push(`principal ${a.principalId} of assignment ${a.id} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'servicePrincipalWithCredentials') continue;
    const role = roles.get(a.roleDefinitionGuid);
    const entry = view.principal(a.principalId);
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `Service principal ${view.principalLabel(a.principalId)}, which signs in with its own secret or certificate, holds ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}.`,
        evidence: {
          ...assignmentEvidence(a, role),
          privilege,
          servicePrincipalType: entry?.servicePrincipalType,
          appId: entry?.appId,
        },
      }),
    );
  }
  return { findings, evaluated, errors };
}
