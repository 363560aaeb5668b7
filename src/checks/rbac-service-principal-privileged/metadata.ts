import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-service-principal-privileged',
  title: 'Service principal with its own credentials holds a privileged role at broad scope',
  area: 'roles',
  severity: 'high',
  severityRules: 'high',
  description:
    "Finds service principals that are not managed identities (the directory's servicePrincipalType is Application or Legacy) holding Owner, User Access Administrator, Role Based Access Control Administrator, Contributor or an equal role at management-group, tenant-root or subscription scope, and that sign in with a client secret or certificate of their own (on the service principal or its app registration, read from Microsoft Graph; a SAML app's token-signing certificate is not one) or whose app registration lives in another tenant. One that signs in only with a federated credential is not reported.",
  risk: 'The secret or certificate of such a service principal lives in a pipeline, a config file or a developer laptop; whoever finds it controls the subscription.',
  remediation: {
    text: 'Run the automation as a managed identity or with workload identity federation (no secret), and narrow its role and scope.',
    cli: 'az ad app federated-credential create --id <appId> --parameters <credential.json>',
  },
  references: [
    { framework: 'MCSB', control: 'IM-3' },
    { framework: 'MCSB', control: 'PA-7' },
  ],
  learnUrl: 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation',
  needs: ['roleAssignments', 'roleDefinitions', 'directory', 'applications'],
};
