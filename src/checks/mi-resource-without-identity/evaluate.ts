import type { AuditSnapshot, ResourceRow } from '../../collect/snapshot.js';
import type { Severity } from '../../severity.js';
import { managedIdentityShape } from '../lib/managedIdentityShape.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import {
  managedIdentityType,
  MANAGED_IDENTITY_TYPES_SOURCE,
  type ManagedIdentityType,
} from './managedIdentityTypes.js';
import { metadata } from './metadata.js';

const SEVERITY_BY_CLASS: Record<ManagedIdentityType['class'], Severity> = {
  runsCode: 'high',
  standard: 'medium',
  keysOnly: 'informational',
};

function skuTier(resource: ResourceRow): string | undefined {
  const sku = resource.sku as { tier?: unknown; name?: unknown } | null | undefined;
  const tier = sku?.tier ?? sku?.name;
  return typeof tier === 'string' ? tier.toLowerCase() : undefined;
}

export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const findings: CheckFinding[] = [];
  let evaluated = 0;
  for (const resource of snapshot.resources.items) {
    const support = managedIdentityType(resource.type);
    if (!support) continue;
    if (support.onlyWhen?.skuTier && !support.onlyWhen.skuTier.includes(skuTier(resource) ?? '')) continue;
    evaluated++;
    const shape = managedIdentityShape(resource.identity);
    if (shape.systemAssigned || shape.userAssigned.length > 0) continue;
    const severity = SEVERITY_BY_CLASS[support.class];
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
        severityClass: support.class,
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
