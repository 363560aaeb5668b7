import type { SourceName } from '../../collect/snapshot.js';
import type { CheckMetadata, Need, NeedScope } from '../types.js';

/**
 * The scope at which each source is usually read, by how its collector records errors: per
 * subscription for Resource Graph and role data, per resource for diagnostic settings and federated credentials, per
 * workspace for the Key Vault logs, once for the directory and the subscription list. A source
 * not listed here is taken as tenant-wide, the safe default.
 */
const USUAL_SCOPE: Partial<Record<SourceName, NeedScope>> = {
  subscriptions: 'tenant',
  resourceGraph: 'subscription',
  roleAssignments: 'subscription',
  roleDefinitions: 'subscription',
  roleEligibility: 'subscription',
  directory: 'tenant',
  diagnosticSettings: 'resource',
  keyVaultLogs: 'vaultWorkspaces',
  federatedCredentials: 'resource',
  policyAssignments: 'subscription',
};

/** A check's needs with their scopes spelt out. */
export function needsOf(metadata: Pick<CheckMetadata, 'needs'>): Need[] {
  return metadata.needs.map((n) =>
    typeof n === 'string' ? { source: n, scope: USUAL_SCOPE[n] ?? 'tenant' } : n,
  );
}
