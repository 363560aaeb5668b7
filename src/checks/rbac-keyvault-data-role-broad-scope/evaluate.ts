import { isBroadScope, scopeLevel } from '../../azure/scopes.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import { KEY_VAULT_DATA_ROLES } from '../lib/builtInRoles.js';
import { effectivePermissions } from '../lib/effectivePermissions.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence, scopeLabel } from '../lib/roleCatalog.js';
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
  let evaluated = 0;
  for (const a of snapshot.roleAssignments.items) {
    if (!isBroadScope(a.scope)) continue;
    evaluated++;
    const role = roles.get(a.roleDefinitionGuid);
    const builtIn = KEY_VAULT_DATA_ROLES[a.roleDefinitionGuid];
    // Owner-like custom roles with data wildcards are the custom-role check's business; here a
    // custom role counts when it reads secret values but is not a general data wildcard.
    const permissions = role?.roleType === 'CustomRole' ? effectivePermissions(role.permissions) : undefined;
    const customReader = permissions?.readsKeyVaultSecrets === true && !permissions.dataEverything;
    if (!builtIn && !customReader) continue;
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `${view.principalLabel(a.principalId)} holds ${role?.roleName ?? builtIn} at ${scopeLabel(scopeLevel(a.scope))} scope ${a.scope}, which opens every vault below it.`,
        evidence: assignmentEvidence(a, role),
      }),
    );
  }
  return { findings, evaluated, errors: [] };
}
