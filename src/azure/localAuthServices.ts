/**
 * One row per service that accepts Entra ID tokens and can also accept keys, shared access
 * signatures, local accounts or basic credentials: where the setting lives, which value means
 * secrets still work, the Azure Policy built-in that tests the same thing, and the command that
 * turns local authentication off.
 *
 * Every property name was checked against the Azure Policy built-in's alias (the `field` of its
 * rule, read in Azure/azure-policy at commit f4a50bacae07ddb096943c597669bcae494a6e29) and the
 * resource provider's REST specification in Azure/azure-rest-api-specs (the `spec` path of each
 * row). Where our reading differs from the policy, `note` says why.
 */

/** How the setting's value is read. */
export type LocalAuthRule =
  /** `disableLocalAuth`-style flag: keys are accepted unless the value is exactly true (absent or null: accepted, Azure's default). */
  | { kind: 'flagNotTrue'; path: string }
  /** Storage `allowSharedKeyAccess`: accepted unless exactly false (absent or null: accepted). */
  | { kind: 'flagNotFalse'; path: string }
  /** Container Registry `adminUserEnabled`: accepted only when true (absent: Azure's default false). */
  | { kind: 'flagTrue'; path: string }
  /** A text setting: accepted unless it equals `value` (case-insensitive); absent: accepted. */
  | { kind: 'textNot'; path: string; value: string }
  /** Batch `allowedAuthenticationModes`: accepted when the list is absent or contains `value`. */
  | { kind: 'listHasOrAbsent'; path: string; value: string }
  /**
   * App Service basic publishing credentials: ARM children `{siteId}/basicPublishingCredentialsPolicies/{ftp,scm}`
   * read with one list; a child absent or with `properties.allow` not false means allowed.
   */
  | {
      kind: 'publishingCredentials';
      childPath: 'basicPublishingCredentialsPolicies';
      names: readonly string[];
    }
  /** A server parameter (ARM child `{id}/configurations/{name}`): accepted unless its value equals `value`. */
  | { kind: 'serverParameter'; childPath: string; value: string };

export interface LocalAuthService {
  /** What people call the service. */
  service: string;
  /** Resource Graph's type, lower-cased. */
  type: string;
  severity: 'high' | 'medium';
  rule: LocalAuthRule;
  /** The setting as a person would look for it, and what value keeps secrets working. */
  meaning: string;
  /** The Azure Policy built-in that checks the same setting. */
  policy: { id: string; name: string; path: string };
  /** The REST specification that defines the property (repository Azure/azure-rest-api-specs). */
  spec: string;
  /** The command that turns local authentication off, `{id}`, `{rg}` and `{name}` filled per resource. */
  cli: string;
  /** Why our reading departs from the policy's, where it does. */
  note?: string;
}

/** Path of a built-in policy definition in Azure/azure-policy. */
const policyPath = (file: string) => `built-in-policies/policyDefinitions/${file}`;
const policyId = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
/** A site's (and a slot's) basic publishing credentials: the ftp and scm policies under it, over ARM. */
const PUBLISHING_CREDENTIALS: LocalAuthRule = {
  kind: 'publishingCredentials',
  childPath: 'basicPublishingCredentialsPolicies',
  names: ['ftp', 'scm'],
};

const genericOff = (path: string) => `az resource update --ids {id} --set properties.${path}=true`;

export const LOCAL_AUTH_SERVICES: readonly LocalAuthService[] = [
  {
    service: 'Storage account',
    type: 'microsoft.storage/storageaccounts',
    severity: 'high',
    rule: { kind: 'flagNotFalse', path: 'allowSharedKeyAccess' },
    meaning:
      'properties.allowSharedKeyAccess absent, null or true: account keys and SAS signed with them work',
    policy: {
      id: policyId('8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54'),
      name: 'Storage accounts should prevent shared key access',
      path: policyPath('Storage/StorageAccountAllowSharedKeyAccess_Audit.json'),
    },
    spec: 'specification/storage/resource-manager/Microsoft.Storage/stable/2024-01-01/storage.json',
    cli: 'az storage account update --ids {id} --allow-shared-key-access false',
  },
  {
    service: 'SQL server',
    type: 'microsoft.sql/servers',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'administrators.azureADOnlyAuthentication' },
    meaning:
      'properties.administrators.azureADOnlyAuthentication not true (or no Entra administrator): SQL logins with passwords work',
    policy: {
      id: policyId('abda6d70-9778-44e7-84a8-06713e6db027'),
      name: 'Azure SQL logical servers should have Microsoft Entra-only authentication enabled during creation',
      path: policyPath('SQL/SqlServer_ADOnlyEnabled_Audit.json'),
    },
    spec: 'specification/sql/resource-manager/Microsoft.Sql/stable/2021-11-01/Servers.json',
    cli: 'az sql server ad-only-auth enable --resource-group {rg} --name {name}',
  },
  {
    service: 'SQL managed instance',
    type: 'microsoft.sql/managedinstances',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'administrators.azureADOnlyAuthentication' },
    meaning:
      'properties.administrators.azureADOnlyAuthentication not true (or no Entra administrator): SQL logins with passwords work',
    policy: {
      id: policyId('78215662-041e-49ed-a9dd-5385911b3a1f'),
      name: 'Azure SQL Managed Instances should have Microsoft Entra-only authentication enabled during creation',
      path: policyPath('SQL/SqlManagedInstance_ADOnlyEnabled_Deny.json'),
    },
    spec: 'specification/sql/resource-manager/Microsoft.Sql/stable/2021-11-01/ManagedInstances.json',
    cli: 'az sql mi ad-only-auth enable --resource-group {rg} --mi {name}',
  },
  {
    service: 'Cosmos DB account',
    type: 'microsoft.documentdb/databaseaccounts',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: account keys and resource tokens work',
    policy: {
      id: policyId('5450f5bd-9c72-4390-a9c4-a7aba4edfdd2'),
      name: 'Cosmos DB database accounts should have local authentication methods disabled',
      path: policyPath('Cosmos DB/Cosmos_DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/cosmos-db/resource-manager/Microsoft.DocumentDB/stable/2024-11-15/cosmos-db.json',
    cli: genericOff('disableLocalAuth'),
    note: 'As the policy does, accounts with the EnableMongo, EnableCassandra, EnableTable or EnableGremlin capability are not evaluated.',
  },
  {
    service: 'Service Bus namespace',
    type: 'microsoft.servicebus/namespaces',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: SAS keys work',
    policy: {
      id: policyId('cfb11c26-f069-4c14-8e36-56c394dae5af'),
      name: 'Azure Service Bus namespaces should have local authentication methods disabled',
      path: policyPath('Service Bus/DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/servicebus/resource-manager/Microsoft.ServiceBus/stable/2021-11-01/namespace-preview.json',
    cli: 'az servicebus namespace update --ids {id} --disable-local-auth true',
  },
  {
    service: 'Event Hubs namespace',
    type: 'microsoft.eventhub/namespaces',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: SAS keys work',
    policy: {
      id: policyId('5d4e3c65-4873-47be-94f3-6f8b953a3598'),
      name: 'Azure Event Hub namespaces should have local authentication methods disabled',
      path: policyPath('Event Hub/DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/eventhub/resource-manager/Microsoft.EventHub/stable/2024-01-01/namespaces.json',
    cli: 'az eventhubs namespace update --ids {id} --disable-local-auth true',
  },
  {
    service: 'Event Grid topic',
    type: 'microsoft.eventgrid/topics',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys and SAS tokens work',
    policy: {
      id: policyId('ae9fb87f-8a17-4428-94a4-8135d431055c'),
      name: 'Azure Event Grid topics should have local authentication methods disabled',
      path: policyPath('Event Grid/Topics_DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/eventgrid/resource-manager/Microsoft.EventGrid/stable/2025-02-15/EventGrid.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Event Grid domain',
    type: 'microsoft.eventgrid/domains',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys and SAS tokens work',
    policy: {
      id: policyId('8bfadddb-ee1c-4639-8911-a38cb8e0b3bd'),
      name: 'Azure Event Grid domains should have local authentication methods disabled',
      path: policyPath('Event Grid/Domains_DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/eventgrid/resource-manager/Microsoft.EventGrid/stable/2025-02-15/EventGrid.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Event Grid partner namespace',
    type: 'microsoft.eventgrid/partnernamespaces',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys and SAS tokens work',
    policy: {
      id: policyId('8632b003-3545-4b29-85e6-b2b96773df1e'),
      name: 'Azure Event Grid partner namespaces should have local authentication methods disabled',
      path: policyPath('Event Grid/PartnerNamespaces_DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/eventgrid/resource-manager/Microsoft.EventGrid/stable/2025-02-15/EventGrid.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'App Configuration store',
    type: 'microsoft.appconfiguration/configurationstores',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys (connection strings) work',
    policy: {
      id: policyId('b08ab3ca-1062-4db3-8803-eec9cae605d6'),
      name: 'App Configuration stores should have local authentication methods disabled',
      path: policyPath('App Configuration/DisableLocalAuth_Audit.json'),
    },
    spec: 'specification/appconfiguration/resource-manager/Microsoft.AppConfiguration/stable/2024-05-01/appconfiguration.json',
    cli: 'az appconfig update --resource-group {rg} --name {name} --disable-local-auth true',
  },
  {
    service: 'Azure AI services / OpenAI account',
    type: 'microsoft.cognitiveservices/accounts',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: API keys work',
    policy: {
      id: policyId('71ef260a-8f18-47b7-abcb-62d0673d94dc'),
      name: 'Azure AI Services resources should have key access disabled (disable local authentication)',
      path: policyPath('Azure Ai Services/DisableLocalAuth_Audit.json'),
    },
    spec: 'specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/stable/2024-10-01/cognitiveservices.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'AI Search service',
    type: 'microsoft.search/searchservices',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: admin and query API keys work',
    policy: {
      id: policyId('6300012e-e9a4-4649-b41f-a85f5c43be91'),
      name: 'Azure AI Search services should have local authentication methods disabled',
      path: policyPath('Search/DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/search/resource-manager/Microsoft.Search/stable/2023-11-01/search.json',
    cli: 'az search service update --resource-group {rg} --name {name} --disable-local-auth true',
  },
  {
    service: 'Container Registry',
    type: 'microsoft.containerregistry/registries',
    severity: 'high',
    rule: { kind: 'flagTrue', path: 'adminUserEnabled' },
    meaning: 'properties.adminUserEnabled true: the admin user and its passwords work',
    policy: {
      id: policyId('dc921057-6b28-4fbe-9b83-f7bec05db6c2'),
      name: 'Container registries should have local admin account disabled.',
      path: policyPath('Container Registry/ACR_AdminAccountDisabled_AuditDeny.json'),
    },
    spec: 'specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json',
    cli: 'az acr update --ids {id} --admin-enabled false',
  },
  {
    service: 'AKS cluster',
    type: 'microsoft.containerservice/managedclusters',
    severity: 'high',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAccounts' },
    meaning:
      'properties.disableLocalAccounts absent, null or false: the static cluster-admin kubeconfig (local accounts) works',
    policy: {
      id: policyId('993c2fcd-2b29-49d2-9eb0-df2c3a730c32'),
      name: 'Azure Kubernetes Service Clusters should have local authentication methods disabled',
      path: policyPath('Kubernetes/AKS_DisableLocalAccounts_Deny.json'),
    },
    spec: 'specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2024-09-01/managedClusters.json',
    cli: 'az aks update --resource-group {rg} --name {name} --disable-local-accounts',
  },
  {
    service: 'Automation account',
    type: 'microsoft.automation/automationaccounts',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: webhooks and agent registration keys work',
    policy: {
      id: policyId('48c5f1cb-14ad-4797-8e3b-f78ab3f8d700'),
      name: 'Azure Automation account should have local authentication method disabled',
      path: policyPath('Automation/Account_DisableLocalAuth_Audit.json'),
    },
    spec: 'specification/automation/resource-manager/Microsoft.Automation/stable/2023-11-01/account.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Batch account',
    type: 'microsoft.batch/batchaccounts',
    severity: 'medium',
    rule: { kind: 'listHasOrAbsent', path: 'allowedAuthenticationModes', value: 'SharedKey' },
    meaning: 'properties.allowedAuthenticationModes absent or containing SharedKey: account keys work',
    policy: {
      id: policyId('6f68b69f-05fe-49cd-b361-777ee9ca7e35'),
      name: 'Batch accounts should have local authentication methods disabled',
      path: policyPath('Batch/DisableLocalAuth_Audit.json'),
    },
    spec: 'specification/batch/resource-manager/Microsoft.Batch/stable/2024-07-01/BatchManagement.json',
    cli: `az resource update --ids {id} --set properties.allowedAuthenticationModes='["AAD"]'`,
    note: 'The policy flags any mode other than AAD; TaskAuthenticationToken is not a shared secret, so only SharedKey (or an absent list) fails here.',
  },
  {
    service: 'SignalR Service',
    type: 'microsoft.signalrservice/signalr',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys work',
    policy: {
      id: policyId('f70eecba-335d-4bbc-81d5-5b17b03d498f'),
      name: 'Azure SignalR Service should have local authentication methods disabled',
      path: policyPath('SignalR/DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/signalr/resource-manager/Microsoft.SignalRService/stable/2024-03-01/signalr.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Web PubSub',
    type: 'microsoft.signalrservice/webpubsub',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning: 'properties.disableLocalAuth absent, null or false: access keys work',
    policy: {
      id: policyId('b66ab71c-582d-4330-adfd-ac162e78691e'),
      name: 'Azure Web PubSub Service should have local authentication methods disabled',
      path: policyPath('Web PubSub/DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/webpubsub/resource-manager/Microsoft.SignalRService/stable/2024-03-01/webpubsub.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Azure AI Bot Service',
    type: 'microsoft.botservice/botservices',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning:
      'properties.disableLocalAuth absent, null or false: the bot accepts the channel secrets and keys of its local authentication',
    policy: {
      id: policyId('ffea632e-4e3a-4424-bf78-10e179bb2e1a'),
      name: 'Bot Service should have local authentication methods disabled',
      path: policyPath('Bot Service/DisableLocalAuth_Audit.json'),
    },
    spec: 'specification/botservice/resource-manager/Microsoft.BotService/stable/2022-09-15/botservice.json (example: examples/GetBot.json, "disableLocalAuth": true)',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Azure Cache for Redis',
    type: 'microsoft.cache/redis',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableAccessKeyAuthentication' },
    meaning: 'properties.disableAccessKeyAuthentication absent, null or false: access keys work',
    policy: {
      id: policyId('3827af20-8f80-4b15-8300-6db0873ec901'),
      name: 'Azure Cache for Redis should not use access keys for authentication',
      path: policyPath('Cache/RedisCache_DisableAccessKeysAuth_Audit.json'),
    },
    spec: 'specification/redis/resource-manager/Microsoft.Cache/stable/2024-11-01/redis.json',
    cli: genericOff('disableAccessKeyAuthentication'),
    note: 'The policy matches only an explicit false; absent is Azure\u2019s default (false), so keys work and it fails here too.',
  },
  {
    service: 'IoT Hub',
    type: 'microsoft.devices/iothubs',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'disableLocalAuth' },
    meaning:
      'properties.disableLocalAuth absent, null or false: shared access policies (SAS keys) work for the service APIs',
    policy: {
      id: policyId('672d56b3-23a7-4a3c-a233-b77ed7777518'),
      name: 'Azure IoT Hub should have local authentication methods disabled for Service Apis',
      path: policyPath('Internet of Things/IoTHub_DisableLocalAuth_AuditDeny.json'),
    },
    spec: 'specification/iothub/resource-manager/Microsoft.Devices/stable/2023-06-30/iothub.json',
    cli: genericOff('disableLocalAuth'),
  },
  {
    service: 'Log Analytics workspace',
    type: 'microsoft.operationalinsights/workspaces',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'features.disableLocalAuth' },
    meaning: 'properties.features.disableLocalAuth absent, null or false: the workspace key can ingest data',
    policy: {
      id: policyId('e15effd4-2278-4c65-a0da-4d6f6d1890e2'),
      name: 'Log Analytics Workspaces should block non-Azure Active Directory based ingestion.',
      path: policyPath('Monitoring/LogAnalyticsWorkspaces_DisableLocalAuth_Deny.json'),
    },
    spec: 'specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2022-10-01/Workspaces.json',
    cli: genericOff('features.disableLocalAuth'),
  },
  {
    service: 'Application Insights component',
    type: 'microsoft.insights/components',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'DisableLocalAuth' },
    meaning:
      'properties.DisableLocalAuth (capital D, as the spec names it) absent, null or false: the instrumentation key alone can ingest telemetry',
    policy: {
      id: policyId('199d5677-e4d9-4264-9465-efe1839c06bd'),
      name: 'Application Insights components should block non-Azure Active Directory based ingestion.',
      path: policyPath('Monitoring/ApplicationInsightsComponents_DisableLocalAuth_Deny.json'),
    },
    spec: 'specification/applicationinsights/resource-manager/Microsoft.Insights/stable/2020-02-02/components_API.json',
    cli: genericOff('DisableLocalAuth'),
  },
  {
    service: 'PostgreSQL flexible server',
    type: 'microsoft.dbforpostgresql/flexibleservers',
    severity: 'medium',
    rule: { kind: 'textNot', path: 'authConfig.passwordAuth', value: 'Disabled' },
    meaning: 'properties.authConfig.passwordAuth absent or not Disabled: PostgreSQL passwords work',
    policy: {
      id: policyId('fa498b91-8a7e-4710-9578-da944c68d1fe'),
      name: '[Preview]: Azure PostgreSQL flexible server should have Microsoft Entra Only Authentication enabled',
      path: policyPath('SQL/PostgreSQL_FlexibleServers_EnableEntraOnlyAuthentication_Audit.json'),
    },
    spec: 'specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/stable/2024-08-01/FlexibleServers.json',
    cli: 'az postgres flexible-server update --resource-group {rg} --name {name} --microsoft-entra-auth Enabled --password-auth Disabled',
  },
  {
    service: 'MySQL flexible server',
    type: 'microsoft.dbformysql/flexibleservers',
    severity: 'medium',
    rule: { kind: 'serverParameter', childPath: 'configurations/aad_auth_only', value: 'ON' },
    meaning:
      'server parameter aad_auth_only (ARM child {id}/configurations/aad_auth_only) not ON: MySQL passwords work',
    policy: {
      id: policyId('40e85574-ef33-47e8-a854-7a65c7500560'),
      name: 'Azure MySQL flexible server should have Microsoft Entra Only Authentication enabled',
      path: policyPath('SQL/MySQL_FlexibleServers_ADOnlyEnabled_Audit.json'),
    },
    spec: 'specification/mysql/resource-manager/Microsoft.DBforMySQL/FlexibleServers/stable/2023-12-30/Configurations.json',
    cli: 'az mysql flexible-server parameter set --resource-group {rg} --server-name {name} --name aad_auth_only --value ON',
  },
  {
    service: 'Synapse workspace',
    type: 'microsoft.synapse/workspaces',
    severity: 'medium',
    rule: { kind: 'flagNotTrue', path: 'azureADOnlyAuthentication' },
    meaning: 'properties.azureADOnlyAuthentication absent, null or false: SQL logins with passwords work',
    policy: {
      id: policyId('2158ddbe-fefa-408e-b43f-d4faef8ff3b8'),
      name: 'Synapse Workspaces should use only Microsoft Entra identities for authentication during workspace creation',
      path: policyPath('Synapse/SynaspeWorkspaceAadOnlyAuthentication_Audit.json'),
    },
    spec: 'specification/synapse/resource-manager/Microsoft.Synapse/stable/2021-06-01/workspace.json',
    cli: 'az synapse ad-only-auth enable --resource-group {rg} --workspace-name {name}',
  },
  {
    service: 'App Service app',
    type: 'microsoft.web/sites',
    severity: 'medium',
    rule: PUBLISHING_CREDENTIALS,
    meaning:
      'ARM child {id}/basicPublishingCredentialsPolicies/ftp or /scm absent or with properties.allow not false: publishing user names and passwords work for FTP or the SCM (Kudu) site',
    policy: {
      id: policyId('871b205b-57cf-4e1e-a234-492616998bf7'),
      name: 'App Service apps should have local authentication methods disabled for FTP deployments (and aede300b-d67f-480a-ae26-4b3dfb1a1fdc for SCM site deployments)',
      path: policyPath('App Service/FTP_BasicAuthEnabled_AINE.json'),
    },
    spec: 'specification/web/resource-manager/Microsoft.Web/stable/2023-12-01/WebApps.json (example: examples/ListPublishingCredentialsPolicies.json)',
    cli: 'az resource update --ids {id}/basicPublishingCredentialsPolicies/{policy} --set properties.allow=false',
  },
  {
    // A slot is a site of its own, with its own publishing credentials and policies: turning them
    // off on the production site leaves a staging slot's FTP and SCM open.
    service: 'App Service deployment slot',
    type: 'microsoft.web/sites/slots',
    severity: 'medium',
    rule: PUBLISHING_CREDENTIALS,
    meaning:
      "ARM child {id}/basicPublishingCredentialsPolicies/ftp or /scm of the slot absent or with properties.allow not false: publishing user names and passwords work for the slot's FTP or SCM (Kudu) site",
    policy: {
      id: policyId('ec71c0bc-6a45-4b1f-9587-80dc83e6898c'),
      name: 'App Service app slots should have local authentication methods disabled for FTP deployments (and 847ef871-e2fe-4e6e-907e-4adbf71de5cf for SCM site deployments)',
      path: policyPath('App Service/Slots_FTP_BasicAuthEnabled_AINE.json'),
    },
    spec: 'specification/web/resource-manager/Microsoft.Web/stable/2023-12-01/WebApps.json (WebApps_ListBasicPublishingCredentialsPoliciesSlot; example: examples/ListPublishingCredentialsPoliciesSlot.json)',
    cli: 'az resource update --ids {id}/basicPublishingCredentialsPolicies/{policy} --set properties.allow=false',
  },
];

/** API versions of the ARM child reads (see the rows' `spec`). */
export const CHILD_API_VERSIONS: Record<string, string> = {
  basicPublishingCredentialsPolicies: '2023-12-01',
  'configurations/aad_auth_only': '2023-12-30',
};

/** The row for a Resource Graph type, if the type is one of them. */
export function localAuthServiceOf(type: string): LocalAuthService | undefined {
  return BY_TYPE.get(type.toLowerCase());
}

const BY_TYPE = new Map(LOCAL_AUTH_SERVICES.map((s) => [s.type, s]));

/** The property paths Resource Graph must return for the rows that read a property. */
export function localAuthPropertyPaths(): string[] {
  const paths = new Set<string>();
  for (const s of LOCAL_AUTH_SERVICES) if ('path' in s.rule) paths.add(s.rule.path);
  paths.add('capabilities');
  return [...paths];
}
