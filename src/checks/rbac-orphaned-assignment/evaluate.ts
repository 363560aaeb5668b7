import type { AuditSnapshot } from '../../collect/snapshot.js';
import { principalKind } from '../lib/principalKind.js';
import { assignmentEvidence, roleCatalog } from '../lib/roleCatalog.js';
import { subscriptionOf } from '../../azure/scopes.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const roles = roleCatalog(snapshot);
  const findings: CheckFinding[] = [];
  const errors = describeSourceErrors([...snapshot.roleAssignments.errors, ...snapshot.directory.errors]);
  for (const a of snapshot.roleAssignments.items) {
    if (principalKind(snapshot.directory, a.principalId) !== 'absent') continue;
    const role = roles.get(a.roleDefinitionGuid);
    const subscriptionId = subscriptionOf(a.scope);
    findings.push({
      checkId: metadata.id,
      severity: 'low',
      title: metadata.title,
      message: `Role assignment of ${role?.roleName ?? a.roleDefinitionGuid} at ${a.scope} belongs to principal ${a.principalId}, which no longer exists in the directory.`,
      resourceId: a.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: a.principalId.toLowerCase(),
      evidence: assignmentEvidence(a, role),
    });
  }
  return { findings, evaluated: snapshot.roleAssignments.items.length, errors };
}
