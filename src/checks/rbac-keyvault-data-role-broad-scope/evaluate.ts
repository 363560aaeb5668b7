import { isBroadScope } from '../../azure/scopes.js';
import { KEY_VAULT_DATA_ROLES } from '../lib/builtInRoles.js';
import { effectivePermissions } from '../lib/effectivePermissions.js';
import { finding, grantTarget } from '../lib/finding.js';
import { scopePhrase } from '../lib/privilegedGrants.js';
import { assignmentEvidence, unknownRoleErrors } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

export const evaluate = withSnapshotView((view) => {
  const broad = view.snapshot.roleAssignments.items.filter((a) => isBroadScope(a.scope));
  // A broad grant of a role whose definition was not read may be a custom role that reads secrets:
  // the check cannot pass it (a built-in Key Vault role is known by its GUID alone).
  const errors = unknownRoleErrors(view.roles, [
    broad.filter((a) => KEY_VAULT_DATA_ROLES[a.roleDefinitionGuid] === undefined),
  ]);
  const findings: CheckFinding[] = [];
  for (const a of broad) {
    const role = view.roles.get(a.roleDefinitionGuid);
    const builtIn = KEY_VAULT_DATA_ROLES[a.roleDefinitionGuid];
    // Owner-like custom roles with data wildcards are the custom-role check's business; here a
    // custom role counts when it reads secret values but is not a general data wildcard.
    const permissions = role?.roleType === 'CustomRole' ? effectivePermissions(role.permissions) : undefined;
    const customReader = permissions?.readsKeyVaultSecrets === true && !permissions.dataEverything;
    if (!builtIn && !customReader) continue;
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `${view.principalLabel(a.principalId, a.principalType)} holds ${role?.roleName ?? builtIn} at ${scopePhrase(a.scope)}, which opens every vault below it.`,
        evidence: assignmentEvidence(a, role),
      }),
    );
  }
  return { findings, evaluated: broad.length, errors };
});
