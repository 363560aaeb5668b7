import type { AuditSnapshot } from '../../collect/snapshot.js';
import { principalKind, principalLabel } from '../lib/principalKind.js';
import {
  assignmentEvidence,
  privilegeLabel,
  roleCatalog,
  scopeLabel,
  roleDataErrors,
} from '../lib/roleCatalog.js';
import { scopeLevel, subscriptionOf } from '../../azure/scopes.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const roles = roleCatalog(snapshot);
  const findings: CheckFinding[] = [];
  const errors = roleDataErrors(snapshot, roles, { directory: true, eligibility: true });
  let evaluated = 0;
  const grants = [
    ...snapshot.roleAssignments.items.map((a) => ({ ...a, eligible: false })),
    ...snapshot.roleEligibilities.items.map((e) => ({
      ...e,
      name: e.id,
      roleDefinitionId: e.roleDefinitionGuid,
      eligible: true,
    })),
  ];
  for (const a of grants) {
    if (a.principalType.toLowerCase() !== 'user') continue;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    evaluated++;
    const kind = principalKind(snapshot.directory, a.principalId);
    if (kind === 'unknown') {
      errors.push(`user ${a.principalId} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'guest') continue;
    const role = roles.get(a.roleDefinitionGuid);
    const subscriptionId = subscriptionOf(a.scope);
    findings.push({
      checkId: metadata.id,
      severity: a.eligible ? 'medium' : 'high',
      title: metadata.title,
      message: `Guest user ${principalLabel(snapshot.directory, a.principalId)} ${a.eligible ? 'is eligible (PIM, not active) for' : 'holds'} ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}.`,
      resourceId: a.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: a.principalId.toLowerCase(),
      evidence: {
        ...assignmentEvidence(a, role),
        privilege,
        assignmentType: a.eligible ? 'eligible' : 'active',
      },
    });
  }
  return { findings, evaluated, errors };
}
