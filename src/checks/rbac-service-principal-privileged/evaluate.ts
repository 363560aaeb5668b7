import type { AuditSnapshot } from '../../collect/snapshot.js';
import { principalKind, principalLabel } from '../lib/principalKind.js';
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
  const errors = roleDataErrors(snapshot, roles, { directory: true });
  let evaluated = 0;
  for (const a of snapshot.roleAssignments.items) {
    if (a.principalType.toLowerCase() !== 'serviceprincipal' || !isBroadScope(a.scope)) continue;
    const privilege = roles.privilege(a.roleDefinitionGuid);
    if (!privilege) continue;
    evaluated++;
    const kind = principalKind(snapshot.directory, a.principalId);
    if (kind === 'unknown') {
      errors.push(`principal ${a.principalId} of assignment ${a.id} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'servicePrincipalWithCredentials') continue;
    const role = roles.get(a.roleDefinitionGuid);
    const subscriptionId = subscriptionOf(a.scope);
    findings.push({
      checkId: metadata.id,
      severity: 'high',
      title: metadata.title,
      message: `Service principal ${principalLabel(snapshot.directory, a.principalId)}, which signs in with its own secret or certificate, holds ${role?.roleName ?? a.roleDefinitionGuid} (${privilegeLabel(privilege)}) at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}.`,
      resourceId: a.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: a.principalId.toLowerCase(),
      evidence: {
        ...assignmentEvidence(a, role),
        privilege,
        servicePrincipalType:
          snapshot.directory.principals[a.principalId.toLowerCase()]?.servicePrincipalType,
        appId: snapshot.directory.principals[a.principalId.toLowerCase()]?.appId,
      },
    });
  }
  return { findings, evaluated, errors };
}
