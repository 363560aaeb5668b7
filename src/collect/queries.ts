import { LOCAL_AUTH_SERVICES, localAuthPropertyPaths } from '../azure/localAuthServices.js';
import { evaluatedTypesIn } from '../azure/managedIdentityTypes.js';

/**
 * Every query text mi-auditor sends, as named constants. Each is validated against the tables'
 * schemas with Microsoft's Kusto language service in the tests (test/collect/queries.test.ts), so a
 * query that would fail in Azure fails there first.
 */

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Resource types the checks read besides those that support managed identities. */
const EXTRA_TYPES = [
  'microsoft.keyvault/vaults',
  'microsoft.managedidentity/userassignedidentities',
  'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials',
  'microsoft.operationalinsights/workspaces',
];

const RESOURCE_TYPES = [...new Set([...evaluatedTypesIn('resources').map((t) => t.type), ...EXTRA_TYPES])];

/**
 * Resource Graph: the resources the checks need, with a slim `properties` (only the fields checks
 * read), ordered by id for stable paging.
 */
export const RESOURCES_QUERY = `resources
| where type in~ (${RESOURCE_TYPES.map(quote).join(', ')})
| project id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags,
    properties = bag_pack('enableRbacAuthorization', properties.enableRbacAuthorization,
      'accessPolicyCount', array_length(properties.accessPolicies),
      'principalId', properties.principalId, 'clientId', properties.clientId,
      'customerId', properties.customerId)
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
