import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const vaults = view.keyVaults;
  const findings: CheckFinding[] = [];
  for (const vault of vaults) {
    const props = (vault.properties ?? {}) as {
      enableRbacAuthorization?: unknown;
      accessPolicies?: unknown;
      accessPolicyCount?: unknown;
    };
    if (props.enableRbacAuthorization === true) continue;
    const policies =
      typeof props.accessPolicyCount === 'number'
        ? props.accessPolicyCount
        : Array.isArray(props.accessPolicies)
          ? props.accessPolicies.length
          : 0;
    findings.push(
      finding(metadata, {
        message: `Key Vault '${vault.name}' authorises data access with ${policies} access polic${policies === 1 ? 'y' : 'ies'} instead of Azure RBAC.`,
        resourceId: vault.id,
        subscriptionId: vault.subscriptionId.toLowerCase(),
        evidence: {
          enableRbacAuthorization: props.enableRbacAuthorization ?? null,
          accessPolicies: policies,
        },
      }),
    );
  }
  return { findings, evaluated: vaults.length, errors: [] };
}
