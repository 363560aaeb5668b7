import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'app-credential-expiry',
  title: 'App credential expired, expiring or issued for more than two years',
  area: 'secrets',
  severity: 'medium',
  severityRules: 'medium',
  description:
    'For the same apps as app-secret-credential (service principal with an Azure role in the audited scopes, or Key Vault reads): a secret or certificate that has expired but is still present, ends within APP_CREDENTIAL_EXPIRY_DAYS (default 30), or was issued for more than two years (end − start > 730 days). One finding per application listing each such credential.',
  risk: 'An expiring credential breaks the workload when nobody rotates it in time; an expired one left in place shows that nobody owns it; a credential valid for years outlives the people who know where it was copied.',
  remediation: {
    text: 'Replace the credential by a managed identity or a federated credential rather than rotating it; if a secret must stay, issue one valid for at most a year and delete the old one.',
    cli: 'az ad app credential delete --id <appId> --key-id <keyId>',
  },
  learnUrl: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation',
  references: [
    { framework: 'MCSB', control: 'IM-3' },
    { framework: 'MCSB', control: 'IM-8' },
  ],
  needs: ['roleAssignments', 'keyVaultLogs', 'directory', 'applications'],
};
