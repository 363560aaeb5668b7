import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'local-auth-enabled',
  title: 'Service still accepts keys or local accounts besides Entra ID',
  area: 'secrets',
  severity: 'high',
  severityRules:
    'high for Storage, SQL servers and managed instances, Cosmos DB, Service Bus, Event Hubs, AI services, Container Registry and AKS; medium otherwise',
  description:
    "Reads, for each service in the check's table (src/azure/localAuthServices.ts), the setting that keeps keys, shared access signatures, local accounts or basic publishing credentials working: a disableLocalAuth-style flag that is absent or null counts as local auth on (Azure's default, as the Azure Policy built-ins test it), so does Storage allowSharedKeyAccess absent. App Service sites are read over ARM (basicPublishingCredentialsPolicies/ftp and /scm; a site without them allows both), MySQL flexible servers by their aad_auth_only parameter.",
  risk: 'While a service accepts keys, whoever holds a key (a connection string in a config file, a pipeline variable, a laptop) can do what a managed identity should do, with no identity in the logs, no conditional access and no expiry.',
  remediation: {
    text: 'Give every caller a managed identity (or federated credential) and the data role it needs, then turn local authentication off with the command in the finding.',
    cli: 'az resource update --ids <resourceId> --set properties.disableLocalAuth=true',
  },
  learnUrl: 'https://learn.microsoft.com/security/benchmark/azure/mcsb-identity-management',
  references: [
    { framework: 'MCSB', control: 'IM-1' },
    { framework: 'MCSB', control: 'IM-3' },
  ],
  // Resource Graph's managed resource groups: a resource another resource manages is left out.
  needs: ['localAuth', 'childSettings', 'resourceGraph'],
};
