import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'mi-resource-without-identity',
  title: 'Resource that supports managed identities has none',
  area: 'identity',
  severity: 'medium',
  severityRules:
    "by what the identity is for on the type (the catalogue's `purpose`): high for types that run code (App Service, Functions, Logic Apps, VMs, scale sets, Batch pools, Container Apps, AKS, Data Factory, Automation, API Management, Synapse, ...); medium for services that reach other services for the customer (AI Search, Event Grid, IoT Hub, SQL, Front Door, Application Gateway, ...); informational for types whose identity serves only customer-managed keys or exports (Storage, Service Bus, Event Hubs, Cosmos DB, Redis, Batch accounts, ...)",
  description:
    "Finds every resource, of any type that supports managed identities, whose identity is missing, null or of type None. The catalogue holds every row of Microsoft's table of resource types that support managed identities (151, plus Application Gateway and Chaos Studio from its services table), each with the Resource Graph table that holds it and what the identity is for; a test holds it against a copy of Microsoft's table.",
  risk: 'A workload without a managed identity that calls other services must hold a secret, a connection string or a certificate: credentials that leak, expire and are copied. This is the bootstrapping problem managed identities remove.',
  remediation: {
    text: 'Turn on a system-assigned identity (or attach a user-assigned one), grant it the least role it needs, and remove the stored credentials the workload used instead.',
    cli: 'az resource update --ids <resourceId> --set identity.type=SystemAssigned',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 2.0.0', control: '9.5' },
    { framework: 'CIS Microsoft Azure Foundations 3.0.0', control: '9.5' },
    { framework: 'MCSB', control: 'IM-3' },
  ],
  learnUrl: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview',
  needs: ['resourceGraph'],
};
