/**
 * Every resource type that supports managed identities, kept as data with its provenance.
 *
 * Source: Microsoft's table "Resource providers and resource types supporting managed identities"
 * (MicrosoftDocs/entra-docs, docs/identity/managed-identities-azure-resources/managed-identities-status.md,
 * commit 41d266e388d931a5ff97fc70b6d22ecc4d230826), copied beside this file in
 * `microsoft-managed-identities-status.md`. A test holds this catalogue against that copy row by row,
 * so a row Microsoft adds (or changes) fails the test until someone decides it here.
 *
 * Where Resource Graph keeps each type: MicrosoftDocs/azure-docs,
 * articles/governance/resource-graph/reference/supported-tables-resources.md (commit
 * cbbd8d47f999ca67b585bea0b05b878e8da15ef1). `resources` holds tracked resource types even where that
 * reference does not list them (it lists "most" types); `argListed: false` marks those. Child types
 * that are not tracked resources (Spring Apps apps, encryption scopes, pipelines, ...) are not
 * Resource Graph types at all: `resourceGraphTable: null`, never read.
 *
 * `purpose` says what the identity is for and sets the finding's severity (contract.md):
 * - `runsCode`: the resource runs customer code or workflows that call other services; without an
 *   identity that code holds a credential (high);
 * - `reachesServices`: the service itself calls other services for the customer (indexers, event
 *   delivery, backups, scans) and otherwise uses keys or connection strings (medium);
 * - `keysOnly`: the identity only reaches customer-managed keys or writes exports; the risk on these
 *   types is the keys they still accept, which `local-auth-enabled` covers (informational);
 * - `notEvaluated`: an identity the customer cannot meaningfully act on (snapshots, identities the
 *   service creates itself, undocumented uses); read for coverage, never a finding.
 */
export type IdentityPurpose = 'runsCode' | 'reachesServices' | 'keysOnly' | 'notEvaluated';

/** The Resource Graph tables the catalogue's types live in. */
export type ResourceGraphTable = 'resources' | 'batchresources' | 'kubernetesconfigurationresources';

/** An Azure Policy built-in definition that audits the same thing (github.com/Azure/azure-policy). */
export interface PolicyReference {
  id: string;
  displayName: string;
}

export interface ManagedIdentityType {
  /** ARM resource type, lower-case (Resource Graph's `type`). */
  type: string;
  /** The type as Microsoft's table spells it (`Namespace/ResourceType`). */
  armType: string;
  service: string;
  systemAssigned: boolean;
  userAssigned: boolean;
  /** The Resource Graph table that holds it; null when it is not a Resource Graph type. */
  resourceGraphTable: ResourceGraphTable | null;
  /** False when the type is in `resources` but the Resource Graph reference page does not list it. */
  argListed: boolean;
  purpose: IdentityPurpose;
  /** What the identity is for on this type, in a few words (evidence and README). */
  why: string;
  /** Which Microsoft table names the type: the resource-type table, or only the services table. */
  origin: 'resourceTypes' | 'services';
  policies?: PolicyReference[];
  /** SKUs (`sku.name`, lower-case) that cannot have an identity, with the documentation saying so. */
  skusWithoutIdentity?: { skus: string[]; source: string };
  /** SKUs (`sku.tier` or `sku.name`) that are the only ones with an identity. */
  onlySkus?: { skus: string[]; source: string };
}

/** Where the catalogue comes from; findings cite it as evidence. */
export const MANAGED_IDENTITY_TYPES_SOURCE =
  'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identities-status';

/** The copy of Microsoft's table the catalogue is held against (test/checks/mi-resource-without-identity). */
export const MICROSOFT_TABLE_COPY = {
  repository: 'MicrosoftDocs/entra-docs',
  path: 'docs/identity/managed-identities-azure-resources/managed-identities-status.md',
  commit: '41d266e388d931a5ff97fc70b6d22ecc4d230826',
  file: 'src/azure/microsoft-managed-identities-status.md',
} as const;

const POLICY = {
  webApp: {
    id: '2b9ad585-36bc-4615-b300-fd4435808332',
    displayName: 'App Service apps should use managed identity',
  },
  functionApp: {
    id: '0da106f2-4ca3-48e8-bc85-c638fe6aea8f',
    displayName: 'Function apps should use managed identity',
  },
  slots: {
    id: '4a15c15f-90d5-4a1f-8b63-2903944963fd',
    displayName: 'App Service app slots should use managed identity',
  },
  containerApps: {
    id: 'b874ab2d-72dd-47f1-8cb5-4a306478a4e7',
    displayName: 'Managed Identity should be enabled for Container Apps',
  },
  mlWorkspaceUserAssigned: {
    id: '5f0c7d88-c7de-45b8-ac49-db49e72eaa78',
    displayName: 'Azure Machine Learning workspaces should use user-assigned managed identity',
  },
} satisfies Record<string, PolicyReference>;

type Support = 'S' | 'U' | 'SU' | '';
type Where = ResourceGraphTable | 'resources?' | null;

interface Extra {
  policies?: PolicyReference[];
  skusWithoutIdentity?: ManagedIdentityType['skusWithoutIdentity'];
  onlySkus?: ManagedIdentityType['onlySkus'];
  origin?: ManagedIdentityType['origin'];
}

/** One row: `where` is the Resource Graph table, `resources?` for a tracked type the ARG reference does not list. */
function row(
  armType: string,
  service: string,
  support: Support,
  where: Where,
  purpose: IdentityPurpose,
  why: string,
  extra: Extra = {},
): ManagedIdentityType {
  return {
    type: armType.toLowerCase(),
    armType,
    service,
    systemAssigned: support.includes('S'),
    userAssigned: support.includes('U'),
    resourceGraphTable: where === 'resources?' ? 'resources' : where,
    argListed: where !== 'resources?' && where !== null,
    purpose,
    why,
    origin: extra.origin ?? 'resourceTypes',
    ...(extra.policies ? { policies: extra.policies } : {}),
    ...(extra.skusWithoutIdentity ? { skusWithoutIdentity: extra.skusWithoutIdentity } : {}),
    ...(extra.onlySkus ? { onlySkus: extra.onlySkus } : {}),
  };
}

const R = 'resources';
const CMK = 'customer-managed keys';

/** The catalogue, in the order of Microsoft's table; the services-table additions come last. */
export const MANAGED_IDENTITY_TYPES: readonly ManagedIdentityType[] = [
  row('Microsoft.AVS/privateClouds', 'Azure VMware Solution', 'SU', R, 'keysOnly', `${CMK} for vSAN`),
  row(
    'Microsoft.ApiManagement/service',
    'API Management',
    'SU',
    R,
    'runsCode',
    'policies call backends and read Key Vault named values',
  ),
  row(
    'Microsoft.App/builders',
    'Container Apps builders',
    'SU',
    R,
    'reachesServices',
    'pushes built images to a registry',
  ),
  row(
    'Microsoft.App/containerApps',
    'Container Apps',
    'SU',
    R,
    'runsCode',
    'application code calling other services',
    { policies: [POLICY.containerApps] },
  ),
  row('Microsoft.App/jobs', 'Container Apps jobs', 'SU', R, 'runsCode', 'job code calling other services'),
  row(
    'Microsoft.App/managedEnvironments',
    'Container Apps environments',
    'SU',
    R,
    'reachesServices',
    'Key Vault certificates and storage mounts',
  ),
  row(
    'Microsoft.App/sessionPools',
    'Container Apps session pools',
    'SU',
    R,
    'runsCode',
    'sandboxed code sessions and image pulls',
  ),
  row('Microsoft.AppConfiguration/configurationStores', 'App Configuration', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.AppPlatform/Spring',
    'Azure Spring Apps (service; retiring)',
    'S',
    R,
    'reachesServices',
    'service-level access to Key Vault certificates',
  ),
  row(
    'Microsoft.AppPlatform/Spring/apps',
    'Azure Spring Apps apps',
    'SU',
    null,
    'runsCode',
    'not a Resource Graph type',
  ),
  row('Microsoft.Automation/automationAccounts', 'Automation', 'SU', R, 'runsCode', 'runbooks calling Azure'),
  row(
    'Microsoft.AzureStackHCI/clusters',
    'Azure Local clusters',
    'S',
    R,
    'notEvaluated',
    'created by cluster registration, used by the platform',
  ),
  row(
    'Microsoft.AzureStackHCI/devicePools',
    'Azure Local device pools',
    'S',
    R,
    'notEvaluated',
    'created by the platform',
  ),
  row(
    'Microsoft.AzureStackHCI/edgeMachines',
    'Azure Local machines',
    'S',
    R,
    'notEvaluated',
    'created by the platform',
  ),
  row(
    'Microsoft.AzureStackHCI/virtualMachines',
    'Azure Local virtual machines',
    'S',
    R,
    'runsCode',
    'workloads on the virtual machine',
  ),
  row(
    'Microsoft.Batch/batchAccounts',
    'Batch accounts',
    'SU',
    R,
    'keysOnly',
    `${CMK} only; code runs in pools`,
  ),
  row(
    'Microsoft.Batch/batchAccounts/pools',
    'Batch pools',
    'U',
    'batchresources',
    'runsCode',
    'tasks on the pool nodes',
  ),
  row(
    'Microsoft.Blueprint/blueprintAssignments',
    'Azure Blueprints (retiring)',
    'SU',
    null,
    'notEvaluated',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.Cache/Redis',
    'Azure Cache for Redis',
    'SU',
    R,
    'keysOnly',
    'import, export and persistence to storage',
  ),
  row(
    'Microsoft.Cache/redisEnterprise',
    'Azure Managed Redis / Redis Enterprise',
    'SU',
    R,
    'keysOnly',
    `${CMK}`,
  ),
  row(
    'Microsoft.Cdn/profiles',
    'Front Door and CDN profiles',
    'SU',
    R,
    'reachesServices',
    'Key Vault certificates and origin authentication',
  ),
  row(
    'Microsoft.ChangeAnalysis/profile',
    'Change Analysis',
    'S',
    null,
    'notEvaluated',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.CognitiveServices/accounts',
    'Azure AI services (Cognitive Services)',
    'SU',
    R,
    'reachesServices',
    'data sources, storage and Key Vault',
  ),
  row(
    'Microsoft.CognitiveServices/accounts/encryptionScopes',
    'Azure AI services encryption scopes',
    '',
    null,
    'notEvaluated',
    'Microsoft lists no identity type',
  ),
  row(
    'Microsoft.Communication/CommunicationServices',
    'Communication Services',
    'SU',
    'resources?',
    'reachesServices',
    'call recording storage and AI services',
  ),
  row('Microsoft.Compute/diskEncryptionSets', 'Disk encryption sets', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.Compute/galleries',
    'Azure Compute Gallery',
    'SU',
    R,
    'reachesServices',
    'image sources in storage',
  ),
  row(
    'Microsoft.Compute/virtualMachineScaleSets',
    'Virtual Machine Scale Sets',
    'SU',
    R,
    'runsCode',
    'workloads on the instances',
  ),
  row(
    'Microsoft.Compute/virtualMachines',
    'Virtual Machines',
    'SU',
    R,
    'runsCode',
    'workloads on the machine',
  ),
  row(
    'Microsoft.ContainerInstance/containerGroups',
    'Container Instances',
    'SU',
    R,
    'runsCode',
    'container code calling other services',
  ),
  row(
    'Microsoft.ContainerInstance/containerScaleSets',
    'Container Instances scale sets',
    'SU',
    R,
    'runsCode',
    'container code calling other services',
  ),
  row(
    'Microsoft.ContainerInstance/nGroups',
    'Container Instances NGroups',
    'SU',
    R,
    'runsCode',
    'container code calling other services',
  ),
  row(
    'Microsoft.ContainerRegistry/registries',
    'Container Registry',
    'SU',
    R,
    'keysOnly',
    `${CMK}; tasks have their own identity`,
  ),
  row(
    'Microsoft.ContainerRegistry/registries/credentialSets',
    'Container Registry credential sets',
    'S',
    null,
    'reachesServices',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.ContainerRegistry/registries/exportPipelines',
    'Container Registry export pipelines',
    'SU',
    null,
    'keysOnly',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.ContainerRegistry/registries/importPipelines',
    'Container Registry import pipelines',
    'SU',
    null,
    'keysOnly',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.ContainerRegistry/registries/taskRuns',
    'Container Registry task runs',
    'U',
    R,
    'runsCode',
    'build steps calling other services',
  ),
  row(
    'Microsoft.ContainerRegistry/registries/tasks',
    'Container Registry tasks',
    'SU',
    R,
    'runsCode',
    'build steps calling other services',
  ),
  row(
    'Microsoft.ContainerService/fleets',
    'Kubernetes Fleet Manager',
    'SU',
    R,
    'reachesServices',
    'the hub cluster reaches member clusters',
  ),
  row(
    'Microsoft.ContainerService/managedClusters',
    'Azure Kubernetes Service',
    'SU',
    R,
    'runsCode',
    'the control plane manages Azure resources; kubelet pulls images',
  ),
  row(
    'Microsoft.ContainerService/managedclustersnapshots',
    'AKS cluster snapshots',
    'SU',
    R,
    'notEvaluated',
    'a saved configuration; calls nothing',
  ),
  row(
    'Microsoft.ContainerService/snapshots',
    'AKS node pool snapshots',
    'SU',
    R,
    'notEvaluated',
    'a saved configuration; calls nothing',
  ),
  row(
    'Microsoft.CustomProviders/resourceProviders',
    'Custom resource providers',
    'S',
    R,
    'reachesServices',
    'calls its endpoints',
  ),
  row('Microsoft.DBforMariaDB/servers', 'Azure Database for MariaDB (retired)', 'S', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.DBforMySQL/flexibleServers',
    'Azure Database for MySQL flexible servers',
    'U',
    R,
    'keysOnly',
    `${CMK} and Entra administrator look-ups`,
  ),
  row(
    'Microsoft.DBforMySQL/servers',
    'Azure Database for MySQL single servers (retired)',
    'S',
    R,
    'keysOnly',
    `${CMK}`,
  ),
  row(
    'Microsoft.DBforPostgreSQL/flexibleServers',
    'Azure Database for PostgreSQL flexible servers',
    'SU',
    R,
    'reachesServices',
    'storage extension, Entra look-ups and keys',
  ),
  row(
    'Microsoft.DBforPostgreSQL/serverGroupsv2',
    'Azure Cosmos DB for PostgreSQL clusters',
    'U',
    R,
    'keysOnly',
    `${CMK}`,
  ),
  row(
    'Microsoft.DBforPostgreSQL/servers',
    'Azure Database for PostgreSQL single servers (retired)',
    'S',
    'resources?',
    'keysOnly',
    `${CMK}`,
  ),
  row('Microsoft.DataBox/jobs', 'Data Box', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.DataBoxEdge/DataBoxEdgeDevices',
    'Azure Stack Edge',
    'S',
    R,
    'notEvaluated',
    'created by the service for its Key Vault',
  ),
  row(
    'Microsoft.DataFactory/factories',
    'Data Factory',
    'SU',
    R,
    'runsCode',
    'pipelines and linked services',
  ),
  row('Microsoft.DataLakeStore/accounts', 'Data Lake Storage Gen1 (retired)', 'S', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.DataMigration/SqlMigrationServices',
    'Database Migration Service (SQL)',
    'S',
    R,
    'reachesServices',
    'reaches source and target stores',
  ),
  row(
    'Microsoft.DataMigration/migrationServices',
    'Database Migration Service',
    'S',
    R,
    'reachesServices',
    'reaches source and target stores',
  ),
  row(
    'Microsoft.DataProtection/BackupVaults',
    'Backup vaults',
    'SU',
    R,
    'reachesServices',
    'reads the data sources it backs up',
  ),
  row(
    'Microsoft.DataShare/accounts',
    'Data Share',
    'S',
    R,
    'reachesServices',
    'reads and writes shared storage',
  ),
  row(
    'Microsoft.Databricks/accessConnectors',
    'Databricks access connectors',
    'SU',
    R,
    'reachesServices',
    'Unity Catalog access to storage',
  ),
  row(
    'Microsoft.DesktopVirtualization/hostpools',
    'Azure Virtual Desktop host pools',
    'SU',
    R,
    'reachesServices',
    'session host provisioning',
  ),
  row(
    'Microsoft.DevCenter/devcenters',
    'Dev centers',
    'SU',
    R,
    'reachesServices',
    'catalogs, Key Vault and environment deployment',
  ),
  row(
    'Microsoft.DevCenter/devcenters/encryptionsets',
    'Dev center encryption sets',
    'SU',
    null,
    'keysOnly',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.DevCenter/projects',
    'Dev center projects',
    'SU',
    R,
    'reachesServices',
    'catalogs and environment deployment',
  ),
  row(
    'Microsoft.DevCenter/projects/environmentTypes',
    'Dev center environment types',
    'SU',
    null,
    'reachesServices',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.DevOpsInfrastructure/pools',
    'Managed DevOps Pools',
    'U',
    R,
    'runsCode',
    'pipeline jobs on the agents',
  ),
  row('Microsoft.DevTestLab/labs', 'DevTest Labs', 'SU', R, 'reachesServices', 'deploys lab resources'),
  row(
    'Microsoft.DevTestLab/labs/serviceRunners',
    'DevTest Labs service runners',
    'SU',
    R,
    'reachesServices',
    'deploys lab environments',
  ),
  row(
    'Microsoft.DeviceUpdate/accounts',
    'Device Update for IoT Hub',
    'SU',
    R,
    'reachesServices',
    'IoT Hub and storage',
  ),
  row(
    'Microsoft.DeviceUpdate/updateAccounts',
    'Device Update accounts',
    'SU',
    R,
    'reachesServices',
    'IoT Hub and storage',
  ),
  row(
    'Microsoft.Devices/IotHubs',
    'IoT Hub',
    'SU',
    R,
    'reachesServices',
    'message routing, file upload and export',
  ),
  row(
    'Microsoft.Devices/ProvisioningServices',
    'IoT Hub Device Provisioning',
    'SU',
    R,
    'reachesServices',
    'linked IoT hubs',
  ),
  row(
    'Microsoft.DigitalTwins/digitalTwinsInstances',
    'Azure Digital Twins',
    'SU',
    R,
    'reachesServices',
    'event routing to endpoints',
  ),
  row(
    'Microsoft.DocumentDB/cassandraClusters',
    'Azure Managed Instance for Apache Cassandra',
    'S',
    R,
    'keysOnly',
    `${CMK} and backups`,
  ),
  row(
    'Microsoft.DocumentDB/databaseAccounts',
    'Cosmos DB',
    'SU',
    R,
    'keysOnly',
    `${CMK}, analytical store and backups`,
  ),
  row(
    'Microsoft.DocumentDB/databaseAccounts/encryptionScopes',
    'Cosmos DB encryption scopes',
    'U',
    null,
    'keysOnly',
    'not a Resource Graph type',
  ),
  row('Microsoft.DocumentDB/garnetClusters', 'Azure Cosmos DB Garnet Cache', 'S', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.DocumentDB/managedResources',
    'Cosmos DB managed resources',
    'S',
    R,
    'notEvaluated',
    'Microsoft documents no customer use',
  ),
  row(
    'Microsoft.DocumentDB/throughputPools',
    'Cosmos DB throughput pools',
    'S',
    R,
    'notEvaluated',
    'Microsoft documents no customer use',
  ),
  row(
    'Microsoft.DocumentDB/throughputPools/throughputPoolAccounts',
    'Cosmos DB throughput pool accounts',
    'S',
    null,
    'notEvaluated',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.ElasticSan/elasticSans/volumeGroups',
    'Elastic SAN volume groups',
    'SU',
    R,
    'keysOnly',
    `${CMK}`,
  ),
  row(
    'Microsoft.EventGrid/domains',
    'Event Grid domains',
    'SU',
    R,
    'reachesServices',
    'event delivery and dead-lettering',
  ),
  row(
    'Microsoft.EventGrid/namespaces',
    'Event Grid namespaces',
    'SU',
    R,
    'reachesServices',
    'event delivery',
  ),
  row(
    'Microsoft.EventGrid/partnerTopics',
    'Event Grid partner topics',
    'SU',
    R,
    'reachesServices',
    'event delivery',
  ),
  row(
    'Microsoft.EventGrid/systemTopics',
    'Event Grid system topics',
    'SU',
    R,
    'reachesServices',
    'event delivery and dead-lettering',
  ),
  row(
    'Microsoft.EventGrid/topics',
    'Event Grid topics',
    'SU',
    R,
    'reachesServices',
    'event delivery and dead-lettering',
  ),
  row('Microsoft.EventHub/namespaces', 'Event Hubs', 'SU', R, 'keysOnly', `${CMK} and capture to storage`),
  row(
    'Microsoft.HDInsight/clusters',
    'HDInsight',
    'SU',
    R,
    'runsCode',
    'cluster jobs reach Data Lake Storage',
  ),
  row(
    'Microsoft.HybridCompute/machines',
    'Azure Arc-enabled servers',
    'S',
    R,
    'runsCode',
    'workloads on the machine',
  ),
  row(
    'Microsoft.HybridNetwork/networkfunctions',
    'Azure Operator Service Manager network functions',
    'SU',
    R,
    'reachesServices',
    'artifact stores and deployments',
  ),
  row(
    'Microsoft.HybridNetwork/publishers',
    'Azure Operator Service Manager publishers',
    'S',
    R,
    'reachesServices',
    'artifact stores',
  ),
  row(
    'Microsoft.HybridNetwork/serviceManagementContainers',
    'Azure Operator Service Manager service containers',
    'SU',
    R,
    'reachesServices',
    'rollouts',
  ),
  row(
    'Microsoft.HybridNetwork/siteNetworkServices',
    'Azure Operator Service Manager site network services',
    'SU',
    R,
    'reachesServices',
    'deployments',
  ),
  row('Microsoft.IoTCentral/IoTApps', 'IoT Central', 'S', R, 'reachesServices', 'data export'),
  row('Microsoft.KeyVault/managedHSMs', 'Managed HSM', 'U', R, 'keysOnly', 'backup and restore to storage'),
  row(
    'Microsoft.Kubernetes/connectedClusters',
    'Azure Arc-enabled Kubernetes',
    'S',
    R,
    'notEvaluated',
    'created by onboarding for the cluster agents',
  ),
  row(
    'Microsoft.KubernetesConfiguration/extensions',
    'Kubernetes cluster extensions',
    'S',
    'kubernetesconfigurationresources',
    'notEvaluated',
    'created by the platform for the extension',
  ),
  row(
    'Microsoft.Kusto/clusters',
    'Azure Data Explorer',
    'SU',
    R,
    'reachesServices',
    'ingestion, external tables and exports',
  ),
  row(
    'Microsoft.LoadTestService/loadtests',
    'Azure Load Testing',
    'SU',
    R,
    'runsCode',
    'test scripts, Key Vault secrets',
  ),
  row(
    'Microsoft.Logic/integrationAccounts',
    'Logic Apps integration accounts',
    'SU',
    R,
    'reachesServices',
    'Key Vault and artifacts',
  ),
  row(
    'Microsoft.Logic/integrationServiceEnvironments',
    'Integration service environments (retired)',
    'SU',
    R,
    'runsCode',
    'workflows calling other services',
  ),
  row(
    'Microsoft.Logic/workflows',
    'Logic Apps (Consumption)',
    'SU',
    R,
    'runsCode',
    'workflow actions calling other services',
  ),
  row(
    'Microsoft.MachineLearningServices/registries',
    'Machine Learning registries',
    'SU',
    R,
    'reachesServices',
    'storage and container registry',
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces',
    'Azure Machine Learning workspaces',
    'SU',
    R,
    'reachesServices',
    'storage, registry, Key Vault and Application Insights',
    { policies: [POLICY.mlWorkspaceUserAssigned] },
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces/batchEndpoints',
    'Machine Learning batch endpoints',
    'S',
    R,
    'runsCode',
    'scoring jobs',
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces/computes',
    'Machine Learning computes',
    'SU',
    null,
    'runsCode',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces/inferencePools/groups',
    'Machine Learning inference pool groups',
    'SU',
    R,
    'runsCode',
    'model serving',
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces/linkedServices',
    'Machine Learning linked services',
    'S',
    null,
    'reachesServices',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    'Machine Learning online endpoints',
    'SU',
    R,
    'runsCode',
    'scoring code',
  ),
  row('Microsoft.Maps/accounts', 'Azure Maps', 'SU', R, 'reachesServices', 'data sources in storage'),
  row(
    'Microsoft.Media/mediaservices',
    'Media Services (retired)',
    'SU',
    'resources?',
    'keysOnly',
    `storage and ${CMK}`,
  ),
  row(
    'Microsoft.Migrate/migrateprojects',
    'Azure Migrate projects',
    'S',
    R,
    'reachesServices',
    'migration tooling',
  ),
  row(
    'Microsoft.Migrate/modernizeProjects',
    'Azure Migrate modernize projects',
    'S',
    R,
    'reachesServices',
    'migration tooling',
  ),
  row(
    'Microsoft.Migrate/moveCollections',
    'Resource Mover',
    'S',
    R,
    'reachesServices',
    'moves resources across regions',
  ),
  row(
    'Microsoft.MobileNetwork/mobileNetworks',
    'Azure Private 5G Core mobile networks',
    'U',
    R,
    'keysOnly',
    'SIM encryption keys',
  ),
  row(
    'Microsoft.MobileNetwork/packetCoreControlPlanes',
    'Azure Private 5G Core packet cores',
    'U',
    R,
    'keysOnly',
    'Key Vault certificates',
  ),
  row('Microsoft.MobileNetwork/simGroups', 'Azure Private 5G Core SIM groups', 'SU', R, 'keysOnly', `${CMK}`),
  row('Microsoft.NetApp/netAppAccounts', 'Azure NetApp Files', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.Network/networkWatchers/flowLogs',
    'Network Watcher flow logs',
    'U',
    R,
    'keysOnly',
    'writes logs to storage',
  ),
  row(
    'Microsoft.OperationalInsights/clusters',
    'Log Analytics dedicated clusters',
    'SU',
    R,
    'keysOnly',
    `${CMK}`,
  ),
  row(
    'Microsoft.OperationalInsights/workspaces',
    'Log Analytics workspaces',
    'SU',
    R,
    'keysOnly',
    'linked storage and exports',
  ),
  row(
    'Microsoft.PowerPlatform/enterprisePolicies',
    'Power Platform enterprise policies',
    'SU',
    R,
    'keysOnly',
    `${CMK} for Dataverse`,
  ),
  row('Microsoft.Purview/accounts', 'Microsoft Purview', 'SU', R, 'reachesServices', 'scans data sources'),
  row('Microsoft.Quantum/Workspaces', 'Azure Quantum', 'S', R, 'reachesServices', 'job storage'),
  row(
    'Microsoft.RecoveryServices/vaults',
    'Recovery Services vaults',
    'SU',
    R,
    'reachesServices',
    'backups and Site Recovery',
  ),
  row(
    'Microsoft.RedHatOpenShift/OpenShiftClusters',
    'Azure Red Hat OpenShift',
    'S',
    R,
    'runsCode',
    'cluster operators manage Azure resources',
  ),
  row(
    'Microsoft.Search/searchServices',
    'Azure AI Search',
    'SU',
    R,
    'reachesServices',
    'indexers and AI enrichment reach data sources',
    {
      skusWithoutIdentity: {
        skus: ['free'],
        source:
          'MicrosoftDocs/azure-docs articles/search/search-howto-managed-identities-data-sources.md ("A search service at the Basic tier or higher")',
      },
    },
  ),
  row(
    'Microsoft.Security/dataScanners',
    'Defender for Cloud data scanners',
    'S',
    null,
    'notEvaluated',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.Security/pricings/securityOperators',
    'Defender for Cloud security operators',
    'S',
    null,
    'notEvaluated',
    'not a Resource Graph type',
  ),
  row('Microsoft.ServiceBus/namespaces', 'Service Bus', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.ServiceFabric/clusters',
    'Service Fabric clusters',
    'SU',
    R,
    'runsCode',
    'applications on the cluster',
  ),
  row(
    'Microsoft.ServiceFabric/clusters/applications',
    'Service Fabric applications',
    'SU',
    null,
    'runsCode',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.ServiceFabric/managedclusters',
    'Service Fabric managed clusters',
    'SU',
    R,
    'runsCode',
    'applications on the cluster',
  ),
  row(
    'Microsoft.ServiceFabric/managedclusters/applications',
    'Service Fabric managed cluster applications',
    'SU',
    null,
    'runsCode',
    'not a Resource Graph type',
  ),
  row(
    'Microsoft.SignalRService/SignalR',
    'Azure SignalR Service',
    'SU',
    R,
    'reachesServices',
    'upstream calls and Key Vault',
  ),
  row(
    'Microsoft.SignalRService/WebPubSub',
    'Azure Web PubSub',
    'SU',
    R,
    'reachesServices',
    'event handlers and Key Vault',
  ),
  row(
    'Microsoft.Solutions/applications',
    'Managed applications',
    'SU',
    R,
    'reachesServices',
    'publisher operations on the managed group',
  ),
  row(
    'Microsoft.Sql/managedInstances',
    'Azure SQL Managed Instance',
    'SU',
    R,
    'reachesServices',
    'Entra look-ups, keys, storage and linked services',
  ),
  row(
    'Microsoft.Sql/servers',
    'Azure SQL logical servers',
    'SU',
    R,
    'reachesServices',
    'Entra look-ups, auditing storage and keys',
  ),
  row('Microsoft.Sql/servers/databases', 'Azure SQL databases', 'U', R, 'keysOnly', `database-level ${CMK}`),
  row(
    'Microsoft.Sql/servers/jobAgents',
    'SQL elastic job agents',
    'U',
    R,
    'runsCode',
    'jobs run T-SQL against target databases',
  ),
  row(
    'Microsoft.Storage/storageAccounts',
    'Storage accounts',
    'SU',
    R,
    'keysOnly',
    `${CMK} and object replication`,
  ),
  row(
    'Microsoft.Storage/storageTasks',
    'Storage tasks',
    'S',
    'resources?',
    'reachesServices',
    'acts on storage accounts',
  ),
  row('Microsoft.StorageCache/amlFilesystems', 'Azure Managed Lustre', 'U', R, 'keysOnly', `${CMK}`),
  row('Microsoft.StorageCache/caches', 'HPC Cache', 'SU', R, 'keysOnly', `${CMK}`),
  row(
    'Microsoft.StorageSync/storageSyncServices',
    'Azure File Sync',
    'SU',
    R,
    'reachesServices',
    'reaches the synced file shares',
  ),
  row(
    'Microsoft.StreamAnalytics/streamingjobs',
    'Stream Analytics',
    'SU',
    R,
    'reachesServices',
    'inputs and outputs',
  ),
  row(
    'Microsoft.Synapse/workspaces',
    'Synapse Analytics',
    'SU',
    R,
    'runsCode',
    'pipelines, notebooks and linked services',
  ),
  row(
    'Microsoft.VirtualMachineImages/imageTemplates',
    'VM Image Builder',
    'U',
    R,
    'runsCode',
    'customisation scripts',
  ),
  row(
    'Microsoft.Web/hostingEnvironments',
    'App Service Environments',
    'SU',
    R,
    'reachesServices',
    'Key Vault certificates',
  ),
  row(
    'Microsoft.Web/sites',
    'App Service, Azure Functions and Logic Apps (Standard)',
    'SU',
    R,
    'runsCode',
    'application code calling other services',
    {
      policies: [POLICY.webApp, POLICY.functionApp],
    },
  ),
  row(
    'Microsoft.Web/sites/slots',
    'App Service and Azure Functions deployment slots',
    'SU',
    R,
    'runsCode',
    'application code calling other services',
    {
      policies: [POLICY.slots],
    },
  ),
  row(
    'Microsoft.Web/staticSites',
    'Static Web Apps',
    'SU',
    R,
    'reachesServices',
    'Key Vault secrets for the app',
    {
      onlySkus: {
        skus: ['standard', 'dedicated'],
        source:
          'MicrosoftDocs/azure-docs articles/static-web-apps/key-vault-secrets.md (the identity serves Key Vault secrets of custom provider registrations) and plans.md (custom registrations: Standard plan only)',
      },
    },
  ),
  // From the services table only (its resource-type table has no row for them).
  row(
    'Microsoft.Network/applicationGateways',
    'Application Gateway',
    'U',
    R,
    'reachesServices',
    'TLS certificates from Key Vault',
    { origin: 'services' },
  ),
  row(
    'Microsoft.Chaos/experiments',
    'Chaos Studio experiments',
    'SU',
    R,
    'reachesServices',
    'injects faults into targets',
    { origin: 'services' },
  ),
];

const byType = new Map(MANAGED_IDENTITY_TYPES.map((entry) => [entry.type, entry]));

/** The catalogue entry for an ARM resource type (any casing), if the type supports managed identities. */
export function managedIdentityType(type: string): ManagedIdentityType | undefined {
  return byType.get(type.toLowerCase());
}

/** Catalogue types the check reads from one Resource Graph table: those it evaluates. */
export function evaluatedTypesIn(table: ResourceGraphTable): ManagedIdentityType[] {
  return MANAGED_IDENTITY_TYPES.filter(
    (t) =>
      t.resourceGraphTable === table && t.purpose !== 'notEvaluated' && (t.systemAssigned || t.userAssigned),
  );
}
