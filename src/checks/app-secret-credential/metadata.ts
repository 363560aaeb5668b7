import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'app-secret-credential',
  title: 'App registration signs in to Azure with a client secret or certificate',
  area: 'secrets',
  severity: 'high',
  severityRules:
    'high for a client secret with a role at management-group or subscription scope, or with Key Vault reads; medium for another client secret; a certificate one step lower (medium, low)',
  description:
    'Finds app registrations (or service principals without a readable application object) that hold an unexpired client secret or certificate and whose service principal holds an Azure role in the audited scopes or read a secret, key or certificate (2xx) in the window. One finding per application, listing every credential, role assignment and vault. Apps that reach nothing in Azure are not counted.',
  risk: 'A client secret or certificate is a credential a person can copy: it lives in pipelines, config files and laptops, and whoever holds it acts as the app with all its roles. This is the bootstrapping problem managed identities and federated credentials remove.',
  remediation: {
    text: 'Run the workload on a managed identity if it runs in Azure, or add a federated identity credential for its CI/CD or external identity provider; then delete the secret or certificate.',
    cli: 'az ad app federated-credential create --id <appId> --parameters credential.json && az ad app credential delete --id <appId> --key-id <keyId>',
  },
  learnUrl: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation',
  references: [
    { framework: 'MCSB', control: 'IM-3' },
    { framework: 'MCSB', control: 'IM-8' },
  ],
  needs: ['roleAssignments', 'keyVaultLogs', 'directory', 'applications'],
};
