import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-keyvault-data-role-broad-scope',
  title: 'Key Vault data role assigned at management-group or subscription scope',
  area: 'roles',
  severity: 'high',
  severityRules: 'high',
  description:
    'Finds assignments of Key Vault data-plane roles (Administrator, Secrets/Crypto/Certificates Officer or User, Reader, Data Access Administrator, Crypto Service Encryption User), or custom roles that read secret values, at management-group, tenant-root or subscription scope instead of on the vault.',
  risk: 'A data role at subscription scope opens every vault in it, including vaults created later for other teams.',
  remediation: {
    text: 'Assign the data role on each vault the principal needs, then remove the broad assignment.',
    cli: 'az role assignment create --assignee-object-id <principalId> --role "<role>" --scope <vaultId> && az role assignment delete --ids <roleAssignmentId>',
  },
  references: [
    { framework: 'MCSB', control: 'PA-7' },
    { framework: 'MCSB', control: 'DP-8' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/rbac-guide',
  needs: ['roleAssignments', 'roleDefinitions'],
};
