import type { AuditSnapshot, ResourceRow } from '../../collect/snapshot.js';
import {
  attachedUserAssignedIdentities,
  USER_ASSIGNED_IDENTITY_TYPE,
} from '../../azure/attachedUserAssignedIdentities.js';
import { normalizeId } from '../../azure/scopes.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const errors = describeSourceErrors([
    ...snapshot.resources.errors,
    ...snapshot.identityInventory.errors,
    ...snapshot.policyAssignmentIdentities.errors,
    ...snapshot.identityUse.errors,
  ]);
  // An identity may be attached to a resource, or named by a policy assignment, in a scope we could
  // not read: claiming it unused would be a false result, so the check says it could not tell. (A
  // scoped run's reads outside its scope also weigh a finding, by the roles held there: an outage
  // there is tenant-wide for this check, so the pipeline would withhold its new findings anyway.)
  if (errors.length > 0) return { findings: [], evaluated: 0, errors };

  // Attachments from resources of every type, read one reference per row in Resource Graph: an
  // identity used only by an Application Gateway (or any type outside the catalogue) is in use.
  // And identities Azure Policy runs as (a policy assignment at a management group, say): ARM's
  // policy assignment lists, not Resource Graph rows.
  const attached = attachedUserAssignedIdentities(
    snapshot.identityInventory.attachedUserAssigned,
    snapshot.resources.items,
    snapshot.policyAssignmentIdentities.items,
  );
  // Federated credentials come from ARM, per identity attached to nothing (the collector lists no
  // others): Resource Graph does not hold them. An identity whose credentials could not be listed
  // cannot be called unused.
  const federated = new Set(snapshot.federatedCredentials.items.map((c) => normalizeId(c.identityId)));
  const unlisted = new Map(snapshot.federatedCredentials.errors.map((e) => [normalizeId(e.scope), e]));

  const unused: { resource: ResourceRow; principalId?: string; clientId?: string }[] = [];
  const errorsOfIdentities: string[] = [];
  let evaluated = 0;
  for (const resource of snapshot.resources.items) {
    if (resource.type.toLowerCase() !== USER_ASSIGNED_IDENTITY_TYPE) continue;
    evaluated++;
    const id = normalizeId(resource.id);
    if (attached.has(id) || federated.has(id)) continue;
    const failed = unlisted.get(id);
    if (failed) {
      for (const reason of describeSourceErrors([failed])) errorsOfIdentities.push(reason);
      continue;
    }
    const properties = (resource.properties ?? {}) as { principalId?: string; clientId?: string };
    const principalId = properties.principalId?.toLowerCase();
    unused.push({ resource, clientId: properties.clientId, ...(principalId ? { principalId } : {}) });
  }

  // The roles each unused identity still holds, by assignment id: those the run read in its scope,
  // and (in a scoped run) those found outside it, where one granted at a group above both comes twice.
  const held = new Map<string, Set<string>>(
    unused.flatMap((u) => (u.principalId ? [[u.principalId, new Set()]] : [])),
  );
  for (const a of snapshot.roleAssignments.items)
    held.get(a.principalId.toLowerCase())?.add(a.id.toLowerCase());
  const heldInScope = new Map([...held].map(([p, ids]) => [p, ids.size]));
  for (const a of snapshot.identityUse.roleAssignments) held.get(a.principalId)?.add(a.id);

  const findings: CheckFinding[] = [];
  for (const { resource, principalId, clientId } of unused) {
    const assignments = principalId ? (held.get(principalId)?.size ?? 0) : 0;
    const outside = principalId ? assignments - (heldInScope.get(principalId) ?? 0) : 0;
    findings.push({
      checkId: metadata.id,
      severity: assignments > 0 ? 'medium' : 'low',
      title: metadata.title,
      message:
        assignments > 0
          ? `User-assigned identity '${resource.name}' is attached to no resource but still holds ${assignments} role assignment(s)${outside > 0 ? `, ${outside} of them outside the audited scope` : ''}.`
          : `User-assigned identity '${resource.name}' is attached to no resource and has no federated credential.`,
      resourceId: resource.id,
      subscriptionId: resource.subscriptionId.toLowerCase(),
      ...(principalId ? { principalId } : {}),
      evidence: {
        clientId,
        roleAssignments: assignments,
        ...(outside > 0 ? { roleAssignmentsOutsideScope: outside } : {}),
      },
    });
  }
  const roleErrors = describeSourceErrors(snapshot.roleAssignments.errors);
  return { findings, evaluated, errors: [...errorsOfIdentities, ...roleErrors] };
}
