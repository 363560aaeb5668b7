import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'kv-sensitive-operation',
  title: 'Key Vault delete, purge or backup operation',
  area: 'keyvault',
  severity: 'medium',
  severityRules: 'medium; high for purges (they defeat soft delete and cannot be undone)',
  description:
    "From the vaults' audit logs, finds successful deletes, purges and backups of vaults, secrets, keys and certificates in the look-back window, one finding per vault, caller and operation.",
  risk: 'Deletes and purges destroy data and can take down every workload that depends on it; backups export secret material in a form that can be restored into another vault.',
  remediation: {
    text: 'Confirm each operation was planned. Turn on purge protection so that purges are impossible during the retention period.',
    cli: 'az keyvault update --ids <vaultId> --enable-purge-protection true',
  },
  references: [
    { framework: 'MCSB', control: 'LT-1' },
    { framework: 'MCSB', control: 'DP-8' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview',
  needs: ['resourceGraph', 'keyVaultLogs'],
};
