import type { AuditSnapshot } from '../../collect/snapshot.js';
import { lowerSeverity, type Severity } from '../../severity.js';
import { principalLabel } from '../lib/principalKind.js';
import {
  assignmentEvidence,
  privilegeLabel,
  roleCatalog,
  scopeLabel,
  roleDataErrors,
} from '../lib/roleCatalog.js';
import { isBroadScope, scopeLevel, subscriptionOf } from '../../azure/scopes.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const roles = roleCatalog(snapshot);
  const findings: CheckFinding[] = [];
  let evaluated = 0;

  const severityFor = (privilege: string, scope: string, condition: string | null | undefined): Severity => {
    const level = scopeLevel(scope);
    let severity: Severity =
      privilege === 'contributor' ? 'medium' : level === 'subscription' ? 'high' : 'critical';
    if (privilege === 'delegation' && condition) severity = lowerSeverity(severity);
    return severity;
  };

  for (const a of snapshot.roleAssignments.items) {
    if (!isBroadScope(a.scope)) continue;
    evaluated++;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    const role = roles.get(a.roleDefinitionGuid);
    const level = scopeLevel(a.scope);
    const subscriptionId = subscriptionOf(a.scope);
    findings.push({
      checkId: metadata.id,
      severity: severityFor(privilege, a.scope, a.condition),
      title: metadata.title,
      message: `${principalLabel(snapshot.directory, a.principalId)} holds ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(level)} scope ${a.scope}${a.condition ? ', limited by an ABAC condition' : ''}.`,
      resourceId: a.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: a.principalId.toLowerCase(),
      evidence: { ...assignmentEvidence(a, role), privilege, assignmentType: 'active' },
    });
  }

  for (const e of snapshot.roleEligibilities.items) {
    if (!isBroadScope(e.scope)) continue;
    const privilege = roles.privilege(e.roleDefinitionGuid);
    if (!privilege) continue;
    const role = roles.get(e.roleDefinitionGuid);
    const subscriptionId = subscriptionOf(e.scope);
    findings.push({
      checkId: metadata.id,
      severity: lowerSeverity(severityFor(privilege, e.scope, undefined)),
      title: metadata.title,
      message: `${principalLabel(snapshot.directory, e.principalId)} is eligible (PIM, not active) for ${role?.roleName ?? e.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(e.scope))} scope ${e.scope}.`,
      resourceId: e.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: e.principalId.toLowerCase(),
      evidence: {
        roleName: role?.roleName,
        scope: e.scope,
        scopeLevel: scopeLevel(e.scope),
        privilege,
        assignmentType: 'eligible',
        endDateTime: e.endDateTime ?? undefined,
      },
    });
  }
  return {
    findings,
    evaluated,
    errors: roleDataErrors(snapshot, roles, { eligibility: true }),
  };
}
