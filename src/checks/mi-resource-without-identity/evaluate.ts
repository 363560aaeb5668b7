import type { AuditSnapshot, ResourceRow } from '../../collect/snapshot.js';
import type { Severity } from '../../severity.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import { azCommandFor } from './azCommand.js';
import { exclusionOf, isEvaluated, judgedWithoutIdentity } from './exclusions.js';
import {
  managedIdentityType,
  MANAGED_IDENTITY_TYPES_SOURCE,
  type IdentityPurpose,
  type ManagedIdentityType,
} from '../../azure/managedIdentityTypes.js';
import { metadata } from './metadata.js';

const SEVERITY_BY_PURPOSE: Record<Exclude<IdentityPurpose, 'notEvaluated'>, Severity> = {
  runsCode: 'high',
  reachesServices: 'medium',
  keysOnly: 'informational',
};

const CONSEQUENCE: Record<Exclude<IdentityPurpose, 'notEvaluated'>, string> = {
  runsCode: 'so the code it runs must reach other services with a stored credential',
  reachesServices: 'so the services it reaches must accept a key, connection string or certificate instead',
  keysOnly:
    'so customer-managed keys and exports cannot use Microsoft Entra ID (the keys it accepts are the local-auth check’s matter)',
};

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const inventory = snapshot.identityInventory;
  const errors = describeSourceErrors([...snapshot.resources.errors, ...inventory.errors]);
  const managedGroups = new Map(inventory.managedResourceGroups.map((g) => [g.id, g.managedBy]));
  const slotsBySite = new Map<string, string[]>();
  for (const r of snapshot.resources.items) {
    if (r.type.toLowerCase() !== 'microsoft.web/sites/slots') continue;
    const site = r.id.toLowerCase().replace(/\/slots\/[^/]+$/, '');
    slotsBySite.set(site, [...(slotsBySite.get(site) ?? []), r.name.replace(/^.*\//, '')]);
  }

  const findings: CheckFinding[] = [];
  const excluded = new Map<string, number>();
  for (const resource of snapshot.resources.items) {
    const judged = judgedWithoutIdentity(resource);
    if (!judged) continue;
    const { support, shape } = judged;
    const exclusion = exclusionOf(support, resource, managedGroups);
    if (exclusion) {
      excluded.set(exclusion, (excluded.get(exclusion) ?? 0) + 1);
      continue;
    }
    const purpose = support.purpose as Exclude<IdentityPurpose, 'notEvaluated'>;
    const service = serviceOf(support, resource);
    findings.push({
      checkId: metadata.id,
      severity: SEVERITY_BY_PURPOSE[purpose],
      title: metadata.title,
      message: `${service} resource '${resource.name}' in resource group '${resource.resourceGroup ?? ''}' has no managed identity (identity ${describeIdentity(resource.identity, shape.rawType)}), ${CONSEQUENCE[purpose]}.`,
      resourceId: resource.id,
      subscriptionId: resource.subscriptionId.toLowerCase(),
      // The command for this resource's own type (the check's template names the generic one). It is
      // not repeated in the evidence: at 40,000 findings a second copy was 10 MB of every output.
      remediation: { text: metadata.remediation.text, cli: azCommandFor(support, resource) },
      evidence: {
        type: resource.type,
        kind: resource.kind ?? undefined,
        identity: resource.identity ?? null,
        supports: { systemAssigned: support.systemAssigned, userAssigned: support.userAssigned },
        purpose,
        identityUse: support.why,
        ...typeEvidence(resource, slotsBySite),
        ...(support.policies ? { azurePolicy: support.policies } : {}),
        supportSource: MANAGED_IDENTITY_TYPES_SOURCE,
      },
    });
  }

  const excludedTotal = [...excluded.values()].reduce((a, b) => a + b, 0);
  const counted = inventory.coverageByType
    .filter((c) => isEvaluated(managedIdentityType(c.type)))
    .reduce((sum, c) => sum + c.resources, 0);
  return {
    findings,
    evaluated: Math.max(findings.length, counted - excludedTotal),
    errors,
    notEvaluated: [...excluded].map(([reason, count]) => ({ reason, count })),
  };
}

/** Logic Apps (Standard) are `Microsoft.Web/sites` of kind `workflowapp`: checked under their own name. */
function serviceOf(support: ManagedIdentityType, resource: ResourceRow): string {
  const kind = (resource.kind ?? '').toLowerCase();
  if (support.type === 'microsoft.web/sites' && kind.includes('workflowapp')) return 'Logic Apps (Standard)';
  if (support.type === 'microsoft.web/sites' && kind.includes('functionapp')) return 'Azure Functions';
  if (support.type === 'microsoft.web/sites') return 'App Service';
  return support.service;
}

/** What helps act on this type: AKS identities and workload identity, App Service kind and slots, ML's policy. */
function typeEvidence(resource: ResourceRow, slotsBySite: Map<string, string[]>): Record<string, unknown> {
  const type = resource.type.toLowerCase();
  const p = (resource.properties ?? {}) as Record<string, unknown>;
  if (type === 'microsoft.containerservice/managedclusters') {
    const clientId =
      typeof p['servicePrincipalClientId'] === 'string' ? p['servicePrincipalClientId'] : undefined;
    return {
      aks: {
        // A cluster on a service principal carries its client id; managed-identity clusters show "msi".
        servicePrincipalClientId: clientId,
        usesServicePrincipal: clientId !== undefined && clientId.toLowerCase() !== 'msi',
        kubeletIdentity: p['kubeletIdentity'] ?? null,
        oidcIssuerEnabled: p['oidcIssuerEnabled'] === true,
        workloadIdentityEnabled: p['workloadIdentityEnabled'] === true,
      },
    };
  }
  if (type === 'microsoft.web/sites') {
    const slots = slotsBySite.get(resource.id.toLowerCase()) ?? [];
    return { appService: { kind: resource.kind ?? null, slotsWithoutIdentity: slots } };
  }
  if (type === 'microsoft.web/sites/slots') {
    return { appService: { kind: resource.kind ?? null, site: resource.name.replace(/\/.*$/, '') } };
  }
  if (type === 'microsoft.machinelearningservices/workspaces') {
    return {
      machineLearning: {
        userAssignedRequiredBy:
          'Azure Policy 5f0c7d88-c7de-45b8-ac49-db49e72eaa78 audits workspaces without a user-assigned identity',
      },
    };
  }
  return {};
}

function describeIdentity(identity: unknown, rawType: string | null): string {
  if (identity === undefined) return 'missing';
  if (identity === null) return 'null';
  if (rawType) return `of type '${rawType}'`;
  return 'without a type';
}
