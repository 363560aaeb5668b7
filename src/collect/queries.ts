import { LOCAL_AUTH_SERVICES, localAuthPropertyPaths } from '../azure/localAuthServices.js';
import { evaluatedTypesIn } from '../azure/managedIdentityTypes.js';

/**
 * Every query text mi-auditor sends, as named constants. Each is validated against the tables'
 * schemas with Microsoft's Kusto language service in the tests (test/collect/queries.test.ts), so a
 * query that would fail in Azure fails there first.
 */

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const quotedList = (values: readonly string[]) => values.map(quote).join(', ');

/**
 * KQL: true when the row's `identity` grants a managed identity (a system-assigned one, or a
 * user-assigned type with at least one identity attached), as `managedIdentityShape` reads it. Only
 * the canonical casing is recognised here; a row it misses is still read and judged by the check,
 * so the filter can only keep too much, never drop a resource without identity.
 */
const HAS_MANAGED_IDENTITY = `(tolower(tostring(identity.type)) contains 'systemassigned'
    or (tolower(tostring(identity.type)) contains 'userassigned' and array_length(bag_keys(identity.userAssignedIdentities)) > 0))`;

/**
 * Evidence the check shows, projected from `properties` so that no whole property bag crosses the
 * wire: AKS service-principal, kubelet identity, OIDC issuer and workload identity
 * (Microsoft.ContainerService managedClusters, api 2024-09-01: properties.servicePrincipalProfile.clientId,
 * identityProfile.kubeletidentity, oidcIssuerProfile.enabled, securityProfile.workloadIdentity.enabled).
 */
const EVIDENCE_PROPERTIES = `bag_pack('servicePrincipalClientId', properties.servicePrincipalProfile.clientId,
      'kubeletIdentity', properties.identityProfile.kubeletidentity,
      'oidcIssuerEnabled', properties.oidcIssuerProfile.enabled,
      'workloadIdentityEnabled', properties.securityProfile.workloadIdentity.enabled)`;

const RESOURCES_TABLE_TYPES = evaluatedTypesIn('resources').map((t) => t.type);

/** Read whole by {@link VAULTS_AND_WORKSPACES_QUERY}; the candidates query leaves them to it. */
const WORKSPACE_TYPE = 'microsoft.operationalinsights/workspaces';

/**
 * Resource Graph, `resources`: the resources of catalogue types that have no managed identity, the
 * only ones the check can fail; those with one are counted by the coverage summaries.
 * Log Analytics workspaces come with the vaults, whole, and are not asked twice.
 */
export const IDENTITY_CANDIDATES_QUERY = `resources
| where type in~ (${quotedList(RESOURCES_TABLE_TYPES.filter((t) => t !== WORKSPACE_TYPE))})
| where not(${HAS_MANAGED_IDENTITY})
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = ${EVIDENCE_PROPERTIES}
| order by id asc`;

const COVERAGE_BASE = `resources
| where type in~ (${quotedList(RESOURCES_TABLE_TYPES)})
| summarize resources = count(), withIdentity = countif(${HAS_MANAGED_IDENTITY})`;

/**
 * Resource Graph, `resources`: per catalogue type, how many resources there are and how many have a
 * managed identity. A `summarize` comes back as one page only
 * (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language: "Simplified first
 * page only"); by type it has at most as many rows as the catalogue has types.
 */
export const IDENTITY_COVERAGE_BY_TYPE_QUERY = `${COVERAGE_BASE} by type`;

/**
 * The same counts per subscription: at most one row per subscription asked for (a thousand at most
 * per request), so the one page holds them all. Two small summaries instead of their cross product,
 * which at 200 subscriptions x 120 types would need some 60 requests.
 */
export const IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY = `${COVERAGE_BASE} by subscriptionId`;

/**
 * A table's user-assigned identity references, one row each, lower-cased (see below). A resource with
 * several identities gives several rows of the same `id`, so the queries page in order of `id` and
 * then `identityId`: "When paginating results sorted by a non-unique column, you might encounter
 * duplicate or missing records even in static environments" (Learn, Resource Graph "Paging
 * results"), and a reference missed at a page's edge would call its identity unused.
 */
function userAssignedReferences(table: 'resources' | 'batchresources'): string {
  return `${table}
| where isnotempty(identity.userAssignedIdentities)
| mv-expand identityId = bag_keys(identity.userAssignedIdentities) limit 400
| project id, identityId = tolower(tostring(identityId))`;
}

/**
 * Resource Graph, `resources` of every type: each user-assigned identity a resource lists, one row
 * per reference (mv-expand over the keys of `identity.userAssignedIdentities`), so an identity used
 * by anything (an Application Gateway, say) is seen. Resource Graph caps mv-expand at 128 rows per
 * record unless told otherwise, at most 400 (query-language.md, mv-expand "RowLimit max of 400").
 */
export const USER_ASSIGNED_ATTACHMENTS_QUERY = `${userAssignedReferences('resources')}
| order by id asc, identityId asc`;

/**
 * The references of {@link USER_ASSIGNED_ATTACHMENTS_QUERY} in `table` (`resources`, or
 * `batchresources` for Batch pools) to identities of the given subscriptions only: in a scoped run,
 * the identities of the audited subscriptions used by resources outside them (a central identity
 * subscription's identities attached to workloads elsewhere), without reading every other reference
 * of the tenant. The identity's subscription is the third segment of its id.
 */
export function userAssignedAttachmentsTo(
  table: 'resources' | 'batchresources',
  identitySubscriptions: readonly string[],
): string {
  return `${userAssignedReferences(table)}
| where tostring(split(identityId, '/')[2]) in (${quotedList(identitySubscriptions.map((s) => s.toLowerCase()))})
| order by id asc, identityId asc`;
}

/**
 * Resource Graph, `batchresources`: Batch pools, where Batch runs code (supported-tables-resources.md
 * lists microsoft.batch/batchaccounts/pools in batchresources only). Pools are few; every one is read
 * and reduced to candidates, coverage and attachments by the collector.
 */
export const BATCH_POOLS_QUERY = `batchresources
| where type =~ 'microsoft.batch/batchaccounts/pools'
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags
| order by id asc`;

/**
 * Resource Graph, `resourcecontainers`: resource groups that another resource manages (`managedBy`:
 * AKS node groups MC_*, Databricks workspaces' locked groups, managed applications). Microsoft's
 * Azure Policy leaves them out; so does the check, counting what it leaves out.
 */
export const MANAGED_RESOURCE_GROUPS_QUERY = `resourcecontainers
| where type =~ 'microsoft.resources/subscriptions/resourcegroups' and isnotempty(managedBy)
| project id, subscriptionId, managedBy
| order by id asc`;

/**
 * Resource Graph: Key Vaults and Log Analytics workspaces, with only the fields the Key Vault checks
 * read; and user-assigned identities with their principal and client ids. One query for the three:
 * each costs a request of Resource Graph's quota, and the goal-size benchmark's requests fill their
 * quota windows exactly (its 105 were seven windows of 15; one more cost a window, 5 s).
 */
export const VAULTS_AND_WORKSPACES_QUERY = `resources
| where type in~ ('microsoft.keyvault/vaults', 'microsoft.operationalinsights/workspaces', 'microsoft.managedidentity/userassignedidentities')
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = bag_pack('enableRbacAuthorization', properties.enableRbacAuthorization,
      'accessPolicyCount', array_length(properties.accessPolicies),
      'customerId', properties.customerId,
      'principalId', properties.principalId, 'clientId', properties.clientId)
| order by id asc`;

/**
 * Resource Graph: the Log Analytics workspaces of the given ids (lower-cased), with their query id
 * (`customerId`): the workspaces outside a scoped run that its vaults send their audit logs to.
 */
export function workspacesById(ids: readonly string[]): string {
  return `resources
| where type =~ 'microsoft.operationalinsights/workspaces'
| where tolower(id) in (${quotedList(ids.map((id) => id.toLowerCase()))})
| project id, name, type, subscriptionId, properties = bag_pack('customerId', properties.customerId)
| order by id asc`;
}

/** Resource Graph: subscriptions with their management-group ancestors. */
export const SUBSCRIPTIONS_QUERY = `resourcecontainers
| where type =~ 'microsoft.resources/subscriptions'
| project id, subscriptionId, name, state = tostring(properties.state), ancestors = properties.managementGroupAncestorsChain
| order by id asc`;

/** Resource Graph: management groups and their parents. */
export const MANAGEMENT_GROUPS_QUERY = `resourcecontainers
| where type =~ 'microsoft.management/managementgroups'
| project id, name, displayName = tostring(properties.displayName), parentId = tostring(properties.details.parent.id)
| order by id asc`;

/** A Key Vault object (secret, key or certificate) name from a request id or URI, lower-cased. */
const OBJECT_NAME = (column: string) =>
  `extract(@'/(?:secrets|keys|certificates)/([^/?]+)', 1, tolower(${column}))`;

/**
 * An AzureDiagnostics claim column: its own column when the workspace has one, else the same field
 * in `AdditionalFields`, where Log Analytics puts fields once the table has 500 columns. There the
 * property is the field's name without the column's type suffix: a field that would have been the
 * column `NewInfo1_s` is `AdditionalFields.NewInfo2` once spilled, and a column `Perf1Sec_i` sits
 * beside the property `Perf2Sec` (Microsoft Learn, "AzureDiagnostics", section "AdditionalFields
 * column": learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics, also
 * MicrosoftDocs/azure-reference-other azure-monitor-ref/tables/azurediagnostics.md). The suffixed
 * name is read last, as a tolerance: Microsoft documents no such property.
 */
const CLAIM = (column: string) => {
  const field = column.replace(/_[sgdbt]$/, '');
  return `coalesce(tostring(column_ifexists('${column}', '')), tostring(AdditionalFields['${field}']), tostring(AdditionalFields['${column}']))`;
};

/**
 * Log Analytics: Key Vault audit rows of both tables, the resource-specific `AZKVAuditLogs` and
 * the legacy `AzureDiagnostics`, aggregated per vault, operation, HTTP status and caller, in one
 * query so that a caller who read some secrets before a vault switched modes and others after is
 * counted once across both (`dcount` over the union). `union isfuzzy=true` because a table exists
 * only once it received rows: a query naming a missing table is refused with SEM0100
 * (test/conformance/corpus/loganalytics/unknown-table-sem0100.jsonc), and most workspaces hold one
 * of the two. Claim columns exist only once a row carried them, hence column_ifexists (as
 * Microsoft Sentinel's Key Vault rules do). 401s are dropped: they are Key Vault's authentication
 * challenge. The caller is keyed by object id, else app id, else UPN; the other claims are taken
 * from any row of the group that has them.
 */
export const KEY_VAULT_AUDIT_AGGREGATE_QUERY = `union isfuzzy=true
  (AZKVAuditLogs
    | where HttpStatusCode != 401
    | project TimeGenerated, vaultId = tolower(_ResourceId), operation = OperationName, httpStatus = toint(HttpStatusCode),
        objectName = ${OBJECT_NAME('Id')}, callerIp = CallerIpAddress,
        callerObjectId = tolower(coalesce(tostring(Identity.claim.oid), tostring(Identity.claim['http://schemas.microsoft.com/identity/claims/objectidentifier']))),
        callerAppId = tolower(tostring(Identity.claim.appid)),
        callerUpn = coalesce(tostring(Identity.claim.upn), tostring(Identity.claim['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'])),
        callerIdType = tostring(Identity.claim.idtyp),
        callerMiResourceId = tostring(Identity.claim.xms_mirid),
        sourceTable = 'AZKVAuditLogs'),
  (AzureDiagnostics
    | where ResourceProvider =~ 'MICROSOFT.KEYVAULT' and Category == 'AuditEvent'
    | extend httpStatus = toint(column_ifexists('httpStatusCode_d', real(null)))
    | where httpStatus != 401
    | project TimeGenerated, vaultId = tolower(ResourceId), operation = OperationName, httpStatus,
        objectName = ${OBJECT_NAME("column_ifexists('id_s', '')")}, callerIp = CallerIPAddress,
        callerObjectId = tolower(coalesce(${CLAIM('identity_claim_oid_g')}, ${CLAIM('identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g')})),
        callerAppId = tolower(${CLAIM('identity_claim_appid_g')}),
        callerUpn = coalesce(${CLAIM('identity_claim_upn_s')}, ${CLAIM('identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s')}),
        callerIdType = ${CLAIM('identity_claim_idtyp_s')},
        callerMiResourceId = ${CLAIM('identity_claim_xms_mirid_s')},
        sourceTable = 'AzureDiagnostics')
| extend callerKey = coalesce(callerObjectId, callerAppId, tolower(callerUpn))
| summarize events = count(), distinctObjects = dcountif(objectName, isnotempty(objectName)),
    callerIps = make_set(callerIp, 20), firstSeen = min(TimeGenerated), lastSeen = max(TimeGenerated),
    tables = make_set(sourceTable),
    callerObjectId = take_anyif(callerObjectId, isnotempty(callerObjectId)),
    callerAppId = take_anyif(callerAppId, isnotempty(callerAppId)),
    callerUpn = take_anyif(callerUpn, isnotempty(callerUpn)),
    callerIdType = take_anyif(callerIdType, isnotempty(callerIdType)),
    callerMiResourceId = take_anyif(callerMiResourceId, isnotempty(callerMiResourceId))
  by vaultId, operation, httpStatus, callerKey`;

/**
 * Resource Graph: role assignments at, above and below the subscriptions asked for (with
 * authorizationScopeFilter AtScopeAboveAndBelow), in one paged query instead of one ARM list per
 * subscription.
 */
export const ROLE_ASSIGNMENTS_QUERY = `authorizationresources
| where type =~ 'microsoft.authorization/roleassignments'
| project id, name, properties
| order by id asc`;

/**
 * Resource Graph, `authorizationresources`: the ids of the role assignments held by some principals
 * (lower-case object ids), and by whom. `properties.principalId` is the assignment's principal, as in
 * ARM's role assignment (Microsoft.Authorization roleAssignments, api 2022-04-01).
 */
export function roleAssignmentsOfPrincipals(principalIds: readonly string[]): string {
  return `authorizationresources
| where type =~ 'microsoft.authorization/roleassignments'
| extend principalId = tolower(tostring(properties.principalId))
| where principalId in (${quotedList(principalIds.map((p) => p.toLowerCase()))})
| project id, principalId
| order by id asc`;
}

/**
 * Resource Graph, `resources`: the ids of the resources of some types, one row per subscription
 * (`make_list`), so that a thousand Machine Learning workspaces cost one request, not a page per
 * thousand: the parents of children Resource Graph does not hold (attachmentsOutsideResourceGraph.ts;
 * an id names its type). A `summarize` comes back as one page only, so one row per subscription
 * (a request asks for a thousand subscriptions at most): one row per subscription and type was cut
 * at 2,000 subscriptions once three types were asked. Resource Graph's own samples aggregate ids so
 * ("List Azure Monitor data collection rules with Log Analytics workspace as destination":
 * `summarize dcrList = make_list(id)`, MicrosoftDocs resource-graph sample queries).
 */
export function resourceIdsOfTypes(types: readonly string[]): string {
  return `resources
| where type in~ (${quotedList(types.map((t) => t.toLowerCase()))})
| summarize ids = make_list(id) by subscriptionId`;
}

/** Resource Graph: role definitions, built-in and custom. */
export const ROLE_DEFINITIONS_QUERY = `authorizationresources
| where type =~ 'microsoft.authorization/roledefinitions'
| project id, name, properties
| order by id asc`;

/**
 * Log Analytics: how many raw Key Vault audit rows each vault has in the window, over both tables
 * as the aggregate reads them, and the service's own clock. Aggregate rows never outnumber raw rows,
 * so these counts bound what each aggregate query returns; queryKeyVaultLogs splits the aggregate
 * by vault before it would pass the query API's limits. `asOf` anchors time slices to the service's
 * clock, not the auditor's.
 */
export const KEY_VAULT_AUDIT_VOLUME_QUERY = `union isfuzzy=true
  (AZKVAuditLogs
    | project vaultId = tolower(_ResourceId)),
  (AzureDiagnostics
    | where ResourceProvider =~ 'MICROSOFT.KEYVAULT' and Category == 'AuditEvent'
    | project vaultId = tolower(ResourceId))
| summarize rows = count() by vaultId
| extend asOf = now()`;

/** The column that holds the vault's resource id in each Key Vault table. */
const VAULT_COLUMN: Record<string, string> = { AZKVAuditLogs: '_ResourceId', AzureDiagnostics: 'ResourceId' };

/**
 * Restricts a Key Vault log query to the vaults whose lower-cased id lies in [first, last] (ids
 * compared as strings with `strcmp`), by a `where` on each table's own vault column placed right
 * after the table in its union leg, so the service filters before it aggregates. Used to split an
 * aggregate whose result would pass the query API's limits.
 */
export function scopeToVaults(query: string, first: string, last: string): string {
  return query.replace(/^(\s*)\((AZKVAuditLogs|AzureDiagnostics)$/gm, (_m, indent: string, table: string) => {
    const id = `tolower(${VAULT_COLUMN[table]!})`;
    const predicate =
      first === last
        ? `${id} == ${quote(first)}`
        : `strcmp(${id}, ${quote(first)}) >= 0 and strcmp(${id}, ${quote(last)}) <= 0`;
    return `${indent}(${table}\n${indent}  | where ${predicate}`;
  });
}

/**
 * Resource Graph: the resources of every service in local-auth-enabled's table, with only their
 * local-authentication settings packed into `properties` (keyed by the property path, e.g.
 * `features.disableLocalAuth`). A separate query from RESOURCES_QUERY so that either can change
 * its projection without the other.
 */
export const LOCAL_AUTH_QUERY = `resources
| where type in~ (${LOCAL_AUTH_SERVICES.map((s) => quote(s.type)).join(', ')})
| project id, name, type, kind, location, resourceGroup, subscriptionId, tags,
    properties = bag_pack(${localAuthPropertyPaths()
      .map((p) => `${quote(p)}, properties.${p}`)
      .join(', ')})
| order by id asc`;

/**
 * Log Analytics, AADServicePrincipalSignInLogs: each credential's last successful sign-in and its
 * address, per service principal and credential key id (ServicePrincipalCredentialKeyId is the
 * keyId of the secret or certificate used). Optional evidence for the secrets checks.
 */
export const SP_SIGNIN_QUERY = `AADServicePrincipalSignInLogs
| where ResultType == '0' and isnotempty(ServicePrincipalCredentialKeyId)
| summarize signIns = count(), arg_max(TimeGenerated, IPAddress)
  by servicePrincipalId = tolower(ServicePrincipalId), keyId = tolower(ServicePrincipalCredentialKeyId)`;
