import { isBroadScope } from '../../azure/scopes.js';
import { finding, grantTarget } from '../lib/finding.js';
import { describePrivilegedGrant, privilegedGrants } from '../lib/privilegedGrants.js';
import { assignmentEvidence, unknownRoleErrors } from '../lib/roleCatalog.js';
import { withSnapshotView } from '../lib/withSnapshotView.js';
import type { CheckFinding } from '../types.js';
import { metadata } from './metadata.js';

/** How the service principal signs in, by what Graph showed of its credentials. */
const SIGNS_IN_WITH = {
  held: 'its own secret or certificate',
  homeTenant: 'credentials of an app registered in another tenant (they are kept there)',
  unknown: 'its own credentials (Microsoft Graph showed none of them)',
} as const;

export const evaluate = withSnapshotView((view) => {
  const { snapshot } = view;
  const findings: CheckFinding[] = [];
  const broad = snapshot.roleAssignments.items.filter(
    (a) => a.principalType.toLowerCase() === 'serviceprincipal' && isBroadScope(a.scope),
  );
  // Active assignments only: this check does not judge PIM eligibilities, so their roles do not matter.
  const errors = unknownRoleErrors(view.roles, [broad]);
  const grants = privilegedGrants(view, broad, 'active');
  for (const g of grants) {
    const a = g.grant;
    const kind = view.principalKind(a.principalId);
    if (kind === 'unknown') {
      errors.push(`principal ${a.principalId} of assignment ${a.id} could not be looked up in the directory`);
      continue;
    }
    if (kind !== 'servicePrincipalWithCredentials') continue;
    // An app that signs in only with a federated credential (the remediation) holds no secret.
    const credentials = view.ownCredentials({ objectId: a.principalId });
    if (credentials === 'none') continue;
    const entry = view.principal(a.principalId);
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `Service principal ${view.principalLabel(a.principalId)}, which signs in with ${SIGNS_IN_WITH[credentials]}, holds ${describePrivilegedGrant(g)}.`,
        evidence: {
          ...assignmentEvidence(a, g.role),
          privilege: g.privilege,
          servicePrincipalType: entry?.servicePrincipalType,
          appId: entry?.appId,
          ownCredentials: credentials,
        },
      }),
    );
  }
  return { findings, evaluated: grants.length, errors };
});
