import type { AuditSnapshot } from '../../collect/snapshot.js';
import { KEY_VAULT_DATA_ROLES } from '../lib/builtInRoles.js';
import { effectivePermissions } from '../lib/effectivePermissions.js';
import { principalLabel } from '../lib/principalKind.js';
import { assignmentEvidence, roleCatalog, scopeLabel } from '../lib/roleCatalog.js';
import { isBroadScope, scopeLevel, subscriptionOf } from '../../azure/scopes.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const roles = roleCatalog(snapshot);
  const findings: CheckFinding[] = [];
  let evaluated = 0;
  for (const a of snapshot.roleAssignments.items) {
    if (!isBroadScope(a.scope)) continue;
    evaluated++;
    const role = roles.get(a.roleDefinitionGuid);
    const builtIn = KEY_VAULT_DATA_ROLES[a.roleDefinitionGuid];
    // Owner-like custom roles with data wildcards are the custom-role check's business; here a
    // custom role counts when it reads secret values but is not a general data wildcard.
    const customReader =
      role?.roleType === 'CustomRole' &&
      effectivePermissions(role.permissions).readsKeyVaultSecrets &&
      !effectivePermissions(role.permissions).dataEverything;
    if (!builtIn && !customReader) continue;
    const subscriptionId = subscriptionOf(a.scope);
    findings.push({
      checkId: metadata.id,
      severity: 'high',
      title: metadata.title,
      message: `${principalLabel(snapshot.directory, a.principalId)} holds ${role?.roleName ?? builtIn} at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}, which opens every vault below it.`,
      resourceId: a.id,
      ...(subscriptionId ? { subscriptionId } : {}),
      principalId: a.principalId.toLowerCase(),
      evidence: assignmentEvidence(a, role),
    });
  }
  return {
    findings,
    evaluated,
    errors: describeSourceErrors([...snapshot.roleAssignments.errors, ...snapshot.roleDefinitions.errors]),
  };
}
