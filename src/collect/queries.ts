import { LOCAL_AUTH_SERVICES, localAuthPropertyPaths } from '../azure/localAuthServices.js';
import { evaluatedTypesIn } from '../azure/managedIdentityTypes.js';

/**
 * Every query text mi-auditor sends, as named constants. Each is validated against the tables'
 * schemas with Microsoft's Kusto language service in the tests (test/collect/queries.test.ts), so a
 * query that would fail in Azure fails there first.
 */

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const typeList = (types: readonly string[]) => types.map(quote).join(', ');

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
 * only ones the check can fail; those with one are counted by {@link IDENTITY_COVERAGE_QUERY}.
 * Log Analytics workspaces come with the vaults, whole, and are not asked twice.
 */
export const IDENTITY_CANDIDATES_QUERY = `resources
| where type in~ (${typeList(RESOURCES_TABLE_TYPES.filter((t) => t !== WORKSPACE_TYPE))})
| where not(${HAS_MANAGED_IDENTITY})
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = ${EVIDENCE_PROPERTIES}
| order by id asc`;

/**
 * Resource Graph, `resources`: per subscription and catalogue type, how many resources there are and
 * how many have a managed identity. Resource Graph returns a `summarize` as one page only
 * (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language: "Simplified first
 * page only"), so the collector splits the subscriptions when a page comes back full.
 */
export const IDENTITY_COVERAGE_QUERY = `resources
| where type in~ (${typeList(RESOURCES_TABLE_TYPES)})
| summarize resources = count(), withIdentity = countif(${HAS_MANAGED_IDENTITY}) by subscriptionId, type`;

/**
 * Resource Graph, `resources` of every type: each user-assigned identity a resource lists, one row
 * per reference (mv-expand over the keys of `identity.userAssignedIdentities`), so an identity used
 * by anything (an Application Gateway, say) is seen. Resource Graph caps mv-expand at 128 rows per
 * record unless told otherwise, at most 400 (query-language.md, mv-expand "RowLimit max of 400").
 */
export const USER_ASSIGNED_ATTACHMENTS_QUERY = `resources
| where isnotempty(identity.userAssignedIdentities)
| mv-expand identityId = bag_keys(identity.userAssignedIdentities) limit 400
| project id, identityId = tolower(tostring(identityId))
| order by id asc`;

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

/** Resource Graph: Key Vaults and Log Analytics workspaces, with only the fields the Key Vault checks read. */
export const VAULTS_AND_WORKSPACES_QUERY = `resources
| where type in~ ('microsoft.keyvault/vaults', 'microsoft.operationalinsights/workspaces')
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = bag_pack('enableRbacAuthorization', properties.enableRbacAuthorization,
      'accessPolicyCount', array_length(properties.accessPolicies),
      'customerId', properties.customerId)
| order by id asc`;

/** Resource Graph: user-assigned identities and their federated credentials. */
export const USER_ASSIGNED_IDENTITIES_QUERY = `resources
| where type in~ ('microsoft.managedidentity/userassignedidentities', 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials')
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = bag_pack('principalId', properties.principalId, 'clientId', properties.clientId)
| order by id asc`;

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

/**
 * Log Analytics, resource-specific table: Key Vault audit rows aggregated per vault, caller,
 * operation and status. 401s are dropped server-side: they are Key Vault's authentication challenge.
 */
export const AZKV_AUDIT_AGGREGATE_QUERY = `AZKVAuditLogs
| where HttpStatusCode != 401
| summarize events = count(),
    distinctObjects = dcount(extract(@'/(?:secrets|keys|certificates)/([^/?]+)', 1, tolower(Id))),
    callerIps = make_set(CallerIpAddress, 20), firstSeen = min(TimeGenerated), lastSeen = max(TimeGenerated)
  by vaultId = tolower(_ResourceId), operation = OperationName, httpStatus = toint(HttpStatusCode),
    callerObjectId = tolower(coalesce(tostring(Identity.claim.oid), tostring(Identity.claim['http://schemas.microsoft.com/identity/claims/objectidentifier']))),
    callerAppId = tolower(tostring(Identity.claim.appid)),
    callerUpn = coalesce(tostring(Identity.claim.upn), tostring(Identity.claim['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'])),
    callerIdType = tostring(Identity.claim.idtyp),
    callerMiResourceId = tostring(Identity.claim.xms_mirid)`;

/**
 * Log Analytics, legacy AzureDiagnostics table: the same aggregates. Claim columns exist only once
 * a row carried them, hence column_ifexists (as Microsoft Sentinel's Key Vault rules do).
 */
export const AZURE_DIAGNOSTICS_AGGREGATE_QUERY = `AzureDiagnostics
| where ResourceProvider =~ 'MICROSOFT.KEYVAULT' and Category == 'AuditEvent'
| extend status = toint(column_ifexists('httpStatusCode_d', real(null)))
| where status != 401
| summarize events = count(),
    distinctObjects = dcount(extract(@'/(?:secrets|keys|certificates)/([^/?]+)', 1, tolower(column_ifexists('id_s', '')))),
    callerIps = make_set(CallerIPAddress, 20), firstSeen = min(TimeGenerated), lastSeen = max(TimeGenerated)
  by vaultId = tolower(ResourceId), operation = OperationName, httpStatus = status,
    callerObjectId = tolower(coalesce(tostring(column_ifexists('identity_claim_oid_g', '')), tostring(column_ifexists('identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g', '')))),
    callerAppId = tolower(tostring(column_ifexists('identity_claim_appid_g', ''))),
    callerUpn = coalesce(column_ifexists('identity_claim_upn_s', ''), column_ifexists('identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s', '')),
    callerIdType = column_ifexists('identity_claim_idtyp_s', ''),
    callerMiResourceId = column_ifexists('identity_claim_xms_mirid_s', '')`;

/**
 * Resource Graph: role assignments at, above and below the subscriptions asked for (with
 * authorizationScopeFilter AtScopeAboveAndBelow), in one paged query instead of one ARM list per
 * subscription.
 */
export const ROLE_ASSIGNMENTS_QUERY = `authorizationresources
| where type =~ 'microsoft.authorization/roleassignments'
| project id, name, properties
| order by id asc`;

/** Resource Graph: role definitions, built-in and custom. */
export const ROLE_DEFINITIONS_QUERY = `authorizationresources
| where type =~ 'microsoft.authorization/roledefinitions'
| project id, name, properties
| order by id asc`;

/**
 * Log Analytics: how many raw Key Vault audit rows each vault has in the window, and the service's
 * own clock. Aggregate rows never outnumber raw rows, so these counts bound what each aggregate query
 * returns; queryKeyVaultLogs splits the aggregate by vault before it would pass the query API's
 * limits. `asOf` anchors time slices to the service's clock, not the auditor's.
 */
export const AZKV_AUDIT_VOLUME_QUERY = `AZKVAuditLogs
| summarize rows = count() by vaultId = tolower(_ResourceId)
| extend asOf = now()`;

/** Log Analytics, legacy AzureDiagnostics table: the same counts as {@link AZKV_AUDIT_VOLUME_QUERY}. */
export const AZURE_DIAGNOSTICS_VOLUME_QUERY = `AzureDiagnostics
| where ResourceProvider =~ 'MICROSOFT.KEYVAULT' and Category == 'AuditEvent'
| summarize rows = count() by vaultId = tolower(ResourceId)
| extend asOf = now()`;

/**
 * Restricts a Key Vault log query to the vaults whose lower-cased id lies in [first, last] (ids
 * compared as strings with `strcmp`), by a `where` on the table's own vault column placed right
 * after the table, so the service filters before it aggregates. Used to split an aggregate whose
 * result would pass the query API's limits.
 */
export function scopeToVaults(query: string, vaultColumn: string, first: string, last: string): string {
  const newline = query.indexOf('\n');
  const head = newline < 0 ? query : query.slice(0, newline);
  const tail = newline < 0 ? '' : query.slice(newline);
  const id = `tolower(${vaultColumn})`;
  const predicate =
    first === last
      ? `${id} == ${quote(first)}`
      : `strcmp(${id}, ${quote(first)}) >= 0 and strcmp(${id}, ${quote(last)}) <= 0`;
  return `${head}\n| where ${predicate}${tail}`;
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
