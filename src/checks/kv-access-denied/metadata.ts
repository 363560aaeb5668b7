import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'kv-access-denied',
  title: 'Identified caller refused by Key Vault',
  area: 'keyvault',
  severity: 'medium',
  severityRules: 'medium',
  description:
    "From the vaults' audit logs (AzureDiagnostics and AZKVAuditLogs, aggregated in Log Analytics), finds identified callers that Key Vault refused with 403 in the look-back window. Unauthenticated 401s are the first leg of Key Vault's bearer challenge and are not findings.",
  risk: 'Repeated refusals are either a broken workload (that may fall back to a stored secret) or someone probing for secrets they should not have.',
  remediation: {
    text: 'Find out who the caller is. If it is a legitimate workload, grant it the least Key Vault data role it needs on the vault; if not, remove its access paths and investigate.',
    cli: 'az role assignment create --assignee-object-id <principalId> --role "Key Vault Secrets User" --scope <vaultId>',
  },
  references: [
    { framework: 'MCSB', control: 'LT-1' },
    { framework: 'MCSB', control: 'DP-8' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues',
  needs: ['resourceGraph', 'keyVaultLogs'],
};
