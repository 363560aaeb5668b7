/**
 * Resource types that support managed identities, kept as data.
 *
 * Source: Microsoft Learn, "Azure services that can use managed identities to access other services"
 * (learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-status),
 * checked against each service's ARM schema (`identity` on the resource type) in
 * github.com/Azure/azure-rest-api-specs. Revisit when Azure adds services.
 *
 * `class` sets the finding's severity (docs/contract.md): `runsCode` types execute customer code or
 * workflows that call other services, so without an identity they hold credentials (high);
 * `keysOnly` types use their identity only for customer-managed keys or exports (informational);
 * the rest are medium.
 */
export interface ManagedIdentityType {
  /** ARG resource type, lower-case. */
  type: string;
  service: string;
  systemAssigned: boolean;
  userAssigned: boolean;
  class: 'runsCode' | 'standard' | 'keysOnly';
  /** Only some SKUs support an identity; others are not findings. */
  onlyWhen?: { skuTier?: string[]; note: string };
}

/** Where the list below comes from; findings cite it as evidence. */
export const MANAGED_IDENTITY_TYPES_SOURCE =
  'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-status';

const t = (
  type: string,
  service: string,
  cls: ManagedIdentityType['class'],
  systemAssigned = true,
  userAssigned = true,
  onlyWhen?: ManagedIdentityType['onlyWhen'],
): ManagedIdentityType => ({
  type,
  service,
  class: cls,
  systemAssigned,
  userAssigned,
  ...(onlyWhen ? { onlyWhen } : {}),
});

/** The supporting types; add a service here when Azure adds managed identity support to it. */
export const MANAGED_IDENTITY_TYPES: readonly ManagedIdentityType[] = [
  t('microsoft.web/sites', 'App Service, Azure Functions and Logic Apps (Standard)', 'runsCode'),
  t('microsoft.web/sites/slots', 'App Service and Azure Functions deployment slots', 'runsCode'),
  t('microsoft.web/staticsites', 'Static Web Apps', 'standard', true, true, {
    skuTier: ['standard', 'dedicated'],
    note: 'Static Web Apps support managed identities on the Standard and Dedicated plans only',
  }),
  t('microsoft.logic/workflows', 'Logic Apps (Consumption)', 'runsCode'),
  t('microsoft.compute/virtualmachines', 'Virtual Machines', 'runsCode'),
  t('microsoft.compute/virtualmachinescalesets', 'Virtual Machine Scale Sets', 'runsCode'),
  t('microsoft.app/containerapps', 'Container Apps', 'runsCode'),
  t('microsoft.app/jobs', 'Container Apps jobs', 'runsCode'),
  t('microsoft.containerinstance/containergroups', 'Container Instances', 'runsCode'),
  t('microsoft.containerservice/managedclusters', 'Azure Kubernetes Service', 'runsCode'),
  t('microsoft.datafactory/factories', 'Data Factory', 'runsCode'),
  t('microsoft.synapse/workspaces', 'Synapse Analytics', 'runsCode'),
  t('microsoft.automation/automationaccounts', 'Automation', 'runsCode'),
  t('microsoft.apimanagement/service', 'API Management', 'runsCode'),
  t('microsoft.appplatform/spring', 'Azure Spring Apps (service)', 'runsCode', true, true),
  t('microsoft.appplatform/spring/apps', 'Azure Spring Apps (apps)', 'runsCode'),
  t('microsoft.cognitiveservices/accounts', 'Azure AI services (Cognitive Services)', 'standard'),
  t('microsoft.machinelearningservices/workspaces', 'Azure Machine Learning', 'standard'),
  t('microsoft.streamanalytics/streamingjobs', 'Stream Analytics', 'standard', true, true),
  t('microsoft.eventgrid/topics', 'Event Grid topics', 'standard'),
  t('microsoft.eventgrid/domains', 'Event Grid domains', 'standard'),
  t('microsoft.eventgrid/systemtopics', 'Event Grid system topics', 'standard'),
  t('microsoft.sql/servers', 'Azure SQL logical servers', 'standard'),
  t('microsoft.sql/managedinstances', 'Azure SQL Managed Instance', 'standard'),
  t('microsoft.storagesync/storagesyncservices', 'Azure File Sync', 'standard', true, false),
  t('microsoft.batch/batchaccounts', 'Batch', 'standard'),
  t('microsoft.containerregistry/registries', 'Container Registry', 'standard'),
  t('microsoft.search/searchservices', 'Azure AI Search', 'standard'),
  t('microsoft.kusto/clusters', 'Azure Data Explorer', 'standard'),
  t('microsoft.signalrservice/signalr', 'Azure SignalR Service', 'standard'),
  t('microsoft.recoveryservices/vaults', 'Recovery Services vaults', 'standard'),
  t('microsoft.servicebus/namespaces', 'Service Bus', 'keysOnly'),
  t('microsoft.eventhub/namespaces', 'Event Hubs', 'keysOnly'),
  t('microsoft.documentdb/databaseaccounts', 'Cosmos DB', 'keysOnly'),
  t('microsoft.storage/storageaccounts', 'Storage accounts', 'keysOnly'),
  t('microsoft.operationalinsights/workspaces', 'Log Analytics workspaces', 'keysOnly', true, true),
];

const byType = new Map(MANAGED_IDENTITY_TYPES.map((entry) => [entry.type, entry]));

/** The support entry for an ARG resource type, if the type supports managed identities. */
export function managedIdentityType(type: string): ManagedIdentityType | undefined {
  return byType.get(type.toLowerCase());
}
