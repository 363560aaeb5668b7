import type { AuditSnapshot, ResourceRow } from '../../collect/snapshot.js';
import type { Severity } from '../../severity.js';
import { managedIdentityShape } from '../lib/managedIdentityShape.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
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

function skuNames(resource: ResourceRow): string[] {
  const sku = resource.sku as { tier?: unknown; name?: unknown } | null | undefined;
  return [sku?.tier, sku?.name].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
}

/** False for SKUs Microsoft documents without managed identity support. */
function canHaveIdentity(support: ManagedIdentityType, resource: ResourceRow): boolean {
  const skus = skuNames(resource);
  if (support.onlySkus && !skus.some((s) => support.onlySkus?.skus.includes(s))) return false;
  if (support.skusWithoutIdentity && skus.some((s) => support.skusWithoutIdentity?.skus.includes(s)))
    return false;
  return true;
}

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const findings: CheckFinding[] = [];
  let evaluated = 0;
  for (const resource of snapshot.resources.items) {
    const support = managedIdentityType(resource.type);
    if (!support || support.purpose === 'notEvaluated' || !canHaveIdentity(support, resource)) continue;
    evaluated++;
    const shape = managedIdentityShape(resource.identity);
    if (shape.systemAssigned || shape.userAssigned.length > 0) continue;
    const severity = SEVERITY_BY_PURPOSE[support.purpose];
    findings.push({
      checkId: metadata.id,
      severity,
      title: metadata.title,
      message: `${support.service} resource '${resource.name}' in resource group '${resource.resourceGroup ?? ''}' has no managed identity (identity ${describeIdentity(resource.identity, shape.rawType)}), so anything it calls must be reached with a stored credential.`,
      resourceId: resource.id,
      subscriptionId: resource.subscriptionId.toLowerCase(),
      evidence: {
        type: resource.type,
        kind: resource.kind ?? undefined,
        identity: resource.identity ?? null,
        supports: { systemAssigned: support.systemAssigned, userAssigned: support.userAssigned },
        purpose: support.purpose,
        identityUse: support.why,
        supportSource: MANAGED_IDENTITY_TYPES_SOURCE,
      },
    });
  }
  return { findings, evaluated, errors: describeSourceErrors(snapshot.resources.errors) };
}

function describeIdentity(identity: unknown, rawType: string | null): string {
  if (identity === undefined) return 'missing';
  if (identity === null) return 'null';
  if (rawType) return `of type '${rawType}'`;
  return 'without a type';
}
