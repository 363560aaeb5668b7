import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'kv-access-policy-model',
  title: 'Key Vault uses access policies instead of Azure RBAC',
  area: 'keyvault',
  severity: 'medium',
  severityRules: 'medium',
  description:
    'Finds vaults whose properties.enableRbacAuthorization is not true: they authorise data access with vault access policies.',
  risk: 'Access policies are granted per vault, outside Azure RBAC: they escape PIM, conditions and central review, and anyone with Contributor on the vault can grant themselves data access.',
  remediation: {
    text: 'Grant the equivalent Key Vault data roles to the principals of each access policy, then switch the vault to the Azure RBAC permission model.',
    cli: 'az keyvault update --ids <vaultId> --enable-rbac-authorization true',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 2.0.0', control: '8.6' },
    { framework: 'CIS Microsoft Azure Foundations 3.0.0', control: '3.3.6' },
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '8.3.6' },
    { framework: 'MCSB', control: 'PA-7' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration',
  needs: ['resourceGraph'],
};
