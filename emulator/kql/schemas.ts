import type { Column } from './values.js';

const cols = (spec: string): Column[] =>
  spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, type] = s.split(':');
      return { name: name!, type: (type ?? 'string') as Column['type'] };
    });

/** Resource Graph's standard columns of `resources` and `resourcecontainers`. */
export const ARG_RESOURCE_COLUMNS = cols(
  'id:string, name:string, type:string, tenantId:string, kind:string, location:string, resourceGroup:string, subscriptionId:string, managedBy:string, sku:dynamic, plan:dynamic, properties:dynamic, tags:dynamic, identity:dynamic, zones:dynamic, extendedLocation:dynamic',
);

/** The tables Resource Graph serves, by name. */
export const ARG_SCHEMAS: Record<string, Column[]> = {
  resources: ARG_RESOURCE_COLUMNS,
  resourcecontainers: ARG_RESOURCE_COLUMNS,
  authorizationresources: ARG_RESOURCE_COLUMNS,
  /** Batch pools (learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources). */
  batchresources: ARG_RESOURCE_COLUMNS,
};

/**
 * Log Analytics' `AzureDiagnostics` columns that Key Vault audit rows fill (legacy "Azure
 * diagnostics" mode; nested JSON flattened with type suffixes). From Microsoft Learn's Key Vault
 * logging page and a real workspace's exported schema. `AdditionalFields` (dynamic) is where
 * Log Analytics puts columns past the table's 500
 * (learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics).
 */
export const AZURE_DIAGNOSTICS_COLUMNS = cols(
  'TenantId:string, TimeGenerated:datetime, ResourceId:string, Category:string, ResourceGroup:string, SubscriptionId:guid, ResourceProvider:string, Resource:string, ResourceType:string, OperationName:string, OperationVersion:string, ResultType:string, ResultSignature:string, ResultDescription:string, DurationMs:long, CallerIPAddress:string, CorrelationId:string, ' +
    'identity_claim_oid_g:guid, identity_claim_appid_g:guid, identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g:guid, identity_claim_upn_s:string, identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s:string, identity_claim_idtyp_s:string, identity_claim_xms_mirid_s:string, identity_claim_appidacr_s:string, identity_claim_ipaddr_s:string, ' +
    'requestUri_s:string, id_s:string, clientInfo_s:string, httpStatusCode_d:real, isRbacAuthorized_b:bool, isAccessPolicyMatch_b:bool, appliedAssignmentId_g:guid, trustedService_s:string, tlsVersion_s:string, AdditionalFields:dynamic, SourceSystem:string, Type:string, _ResourceId:string',
);

/** Log Analytics' resource-specific Key Vault table (Microsoft Learn, AZKVAuditLogs schema). */
export const AZKV_AUDIT_LOGS_COLUMNS = cols(
  'TenantId:string, TimeGenerated:datetime, OperationName:string, OperationVersion:string, ResultType:string, ResultSignature:string, ResultDescription:string, DurationMs:int, CallerIpAddress:string, CorrelationId:string, Identity:dynamic, Properties:dynamic, Id:string, RequestUri:string, ClientInfo:string, HttpStatusCode:int, ' +
    'IsRbacAuthorized:bool, IsAccessPolicyMatch:bool, IsAddressAuthorized:bool, AppliedAssignmentId:string, AddressAuthorizationType:string, TrustedService:string, SubnetId:string, Tlsversion:string, EnableRbacAuthorization:bool, SourceSystem:string, Type:string, _ResourceId:string, _SubscriptionId:string',
);

/**
 * Microsoft Entra service principal sign-ins (Azure Monitor Logs reference, AADServicePrincipalSignInLogs),
 * the columns mi-auditor reads and their neighbours.
 */
export const AAD_SP_SIGNIN_COLUMNS = cols(
  'TenantId:string, TimeGenerated:datetime, OperationName:string, Category:string, ResultType:string, ResultSignature:string, ResultDescription:string, Id:string, CorrelationId:string, ' +
    'AppId:string, ServicePrincipalId:string, ServicePrincipalName:string, ServicePrincipalCredentialKeyId:string, ServicePrincipalCredentialThumbprint:string, ClientCredentialType:string, IPAddress:string, Location:string, ResourceDisplayName:string, ResourceIdentity:string, ConditionalAccessStatus:string, UniqueTokenIdentifier:string, SourceSystem:string, Type:string',
);

/** The tables a Log Analytics workspace serves for Key Vault audits and sign-in evidence, by name. */
export const LOG_ANALYTICS_SCHEMAS: Record<string, Column[]> = {
  AzureDiagnostics: AZURE_DIAGNOSTICS_COLUMNS,
  AZKVAuditLogs: AZKV_AUDIT_LOGS_COLUMNS,
  AADServicePrincipalSignInLogs: AAD_SP_SIGNIN_COLUMNS,
};
