/**
 * The snapshot: everything one audit read from Azure, as plain data. Collectors produce it; checks
 * read it and nothing else. Every source says which scopes it could not read, so that a check can
 * answer `error` instead of a false `pass`.
 */

/** The data sources of an audit; coverage errors and check needs name them. */
export type SourceName =
  | 'subscriptions'
  | 'resourceGraph'
  | 'roleAssignments'
  | 'roleDefinitions'
  | 'roleEligibility'
  | 'directory'
  | 'diagnosticSettings'
  | 'keyVaultLogs'
  | 'federatedCredentials'
  /** ARM policy assignment lists: the user-assigned identities Azure Policy runs as. */
  | 'policyAssignments'
  /** Resource Graph: the local-authentication settings of the services in local-auth-enabled's table. */
  | 'localAuth'
  /** ARM child resources Resource Graph does not hold (App Service publishing credentials, MySQL parameters). */
  | 'childSettings'
  /** Microsoft Graph applications and service principals with their credentials. */
  | 'applications'
  /** Log Analytics AADServicePrincipalSignInLogs (optional evidence). */
  | 'signInLogs'
  /**
   * Reads beyond the resources query about the user-assigned identities it found attached to
   * nothing: children Resource Graph does not hold that may run as them
   * (attachmentsOutsideResourceGraph.ts), and in a scoped run where they are attached outside the
   * scope and which roles they hold there (identityUseOutsideScope.ts, roleAssignmentsOutsideScope.ts).
   * Named apart so that an outage there leaves only the check that reads them blind, not every
   * check that reads Resource Graph or role data in scope.
   */
  | 'identityUse';

/** A scope or item that could not be read. Goes to `coverage.errors` of the report. */
export interface SourceError {
  source: SourceName;
  /** The scope, resource id or workspace that failed, or `tenant`. */
  scope: string;
  statusCode?: number;
  code?: string;
  message: string;
}

/** What a source returned: the items it read and the scopes it could not read. */
export interface Collected<T> {
  items: T[];
  errors: SourceError[];
}

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  state: string;
  /** Management groups above the subscription, nearest first, by name (the root's name is the tenant id). */
  managementGroupAncestors: string[];
  /** False when the subscription was asked for (AUDIT_SUBSCRIPTIONS) but could not be read. */
  read: boolean;
}

export interface ManagementGroupInfo {
  name: string;
  displayName: string;
  parent: string | null;
}

/** A row of Resource Graph's `resources` table, as ARG returns it (`type` lower-cased by ARG). */
export interface ResourceRow {
  id: string;
  name: string;
  type: string;
  kind?: string | null;
  location?: string | null;
  resourceGroup?: string | null;
  subscriptionId: string;
  tenantId?: string | null;
  managedBy?: string | null;
  sku?: unknown;
  identity?: unknown;
  properties?: unknown;
  tags?: Record<string, string> | null;
}

/** Resources of catalogue types the check evaluates, and how many of them have a managed identity. */
export interface IdentityCoverageCount {
  resources: number;
  withIdentity: number;
}

/** A resource group that another resource manages (`managedBy`), so its resources are not the customer's to change. */
export interface ManagedResourceGroup {
  /** The group's id, lower-cased. */
  id: string;
  managedBy: string;
}

/**
 * What the managed-identity checks read besides resource rows, reduced in Resource Graph or as pages
 * arrive: which user-assigned identities anything lists, adoption counts, managed resource groups.
 */
export interface IdentityInventory {
  /** Ids (lower-cased) of user-assigned identities that a resource of any type lists in its identity. */
  attachedUserAssigned: string[];
  /** Per resource type (lower-case). */
  coverageByType: (IdentityCoverageCount & { type: string })[];
  /** Per subscription (lower-case id). */
  coverageBySubscription: (IdentityCoverageCount & { subscriptionId: string })[];
  managedResourceGroups: ManagedResourceGroup[];
  errors: SourceError[];
}

export interface PermissionBlock {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  /**
   * An ABAC condition some built-in roles carry in their definition, constraining the block's
   * actions: Key Vault Data Access Administrator may write role assignments only of the Key Vault
   * data roles ("Includes an ABAC condition to constrain role assignments", Azure built-in roles).
   */
  condition?: string;
}

export interface RoleDefinition {
  /** ARM id as returned (may carry a subscription prefix). */
  id: string;
  /** The role's GUID, lower-cased: the key role assignments refer to. */
  guid: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  description?: string;
  assignableScopes: string[];
  permissions: PermissionBlock[];
}

export interface RoleAssignment {
  id: string;
  name: string;
  scope: string;
  /** The role definition's GUID, lower-cased. */
  roleDefinitionGuid: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  condition?: string | null;
  conditionVersion?: string | null;
  createdOn?: string | null;
  description?: string | null;
}

/** A PIM eligibility: the principal may activate the role, which is active only while activated (roleActivations.ts). */
export interface RoleEligibility {
  id: string;
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType: string;
  startDateTime?: string | null;
  endDateTime?: string | null;
  status?: string | null;
}

/** A directory object, in Microsoft Graph's shape (trimmed). */
export interface DirectoryPrincipal {
  id: string;
  /** `user`, `group`, `servicePrincipal`, ... (from `@odata.type`). */
  kind: string;
  displayName?: string;
  userPrincipalName?: string;
  userType?: string;
  appId?: string;
  servicePrincipalType?: string;
  appOwnerOrganizationId?: string;
  alternativeNames?: string[];
}

export interface Directory {
  /** By object id, lower-cased. */
  principals: Record<string, DirectoryPrincipal>;
  /** Every id that was looked up, lower-cased; an id looked up and absent no longer exists. */
  lookedUp: string[];
  errors: SourceError[];
}

export interface DiagnosticLogSetting {
  category?: string | null;
  categoryGroup?: string | null;
  enabled: boolean;
}

export interface DiagnosticSetting {
  name: string;
  workspaceId?: string | null;
  storageAccountId?: string | null;
  eventHubAuthorizationRuleId?: string | null;
  marketplacePartnerId?: string | null;
  logs: DiagnosticLogSetting[];
}

/**
 * A policy assignment that runs as a user-assigned identity (deployIfNotExists and modify
 * remediations): that identity is in use, though no resource lists it.
 */
export interface PolicyAssignmentIdentity {
  /** The policy assignment's id. */
  id: string;
  /** The user-assigned identities' resource ids, lower-cased (Azure allows one). */
  identityIds: string[];
}

/** A federated identity credential of a user-assigned identity (ARM child resource). */
export interface FederatedCredential {
  id: string;
  /** The user-assigned identity's resource id, as listed. */
  identityId: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** The diagnostic settings of one resource. */
export interface ResourceDiagnostics {
  resourceId: string;
  settings: DiagnosticSetting[];
}

export interface WorkspaceInfo {
  resourceId: string;
  customerId: string;
  subscriptionId: string;
  /** False when no query against it succeeded. */
  read: boolean;
}

/**
 * One aggregate of Key Vault audit log rows, summarised server-side by KQL over both Key Vault
 * tables: per vault, caller, operation and HTTP status. Raw rows never leave Log Analytics.
 */
export interface KeyVaultAccessAggregate {
  /** The vault's resource id, lower-cased. */
  vaultId: string;
  operation: string;
  httpStatus: number;
  callerObjectId?: string;
  callerAppId?: string;
  callerUpn?: string;
  /** `idtyp` token claim: `user` or `app`. */
  callerIdType?: string;
  /** `xms_mirid` token claim: the managed identity's resource id; present only for managed identities. */
  callerManagedIdentityResourceId?: string;
  callerIps: string[];
  count: number;
  /** Distinct objects (secret, key or certificate names) the rows touched. */
  distinctObjects: number;
  firstSeen: string;
  lastSeen: string;
  /** The tables the rows came from: one query spans both, so a vault that changed modes counts once. */
  tables: ('AzureDiagnostics' | 'AZKVAuditLogs')[];
  workspaceId: string;
}

export interface KeyVaultLogs {
  workspaces: WorkspaceInfo[];
  aggregates: KeyVaultAccessAggregate[];
  /** The window the aggregates cover. */
  windowStart: string;
  windowEnd: string;
  errors: SourceError[];
}

/** ARM child resources of one resource, for settings Resource Graph does not hold. */
export interface ChildSettings {
  /** The parent resource's id, as Resource Graph gave it. */
  resourceId: string;
  /** The child path read, e.g. `basicPublishingCredentialsPolicies` or `configurations/aad_auth_only`. */
  childPath: string;
  /** The children ARM returned (a list's `value`, or the one child a GET returned); empty when none exists (404). */
  children: { name: string; properties: Record<string, unknown> }[];
  /** A collection every parent has answered 404: the parent was deleted since Resource Graph listed it. */
  parentGone?: boolean;
}

/** A client secret (passwordCredential) or certificate (keyCredential), in Microsoft Graph's shape (trimmed). */
export interface GraphCredential {
  keyId: string;
  displayName?: string | null;
  /** passwordCredential only: the first characters of the secret. */
  hint?: string | null;
  /** keyCredential only: AsymmetricX509Cert, Symmetric, ... */
  type?: string | null;
  /** keyCredential only: Verify (a sign-in certificate's public key), Sign, Encrypt. */
  usage?: string | null;
  /** Defaults to the certificate's thumbprint: a token-signing certificate's parts share it. */
  customKeyIdentifier?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

/** A federated identity credential of an app registration (Microsoft Graph federatedIdentityCredential, trimmed). */
export interface AppFederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** An app registration (Microsoft Graph application object, trimmed). */
export interface GraphApplication {
  id: string;
  appId: string;
  displayName?: string;
  passwordCredentials: GraphCredential[];
  keyCredentials: GraphCredential[];
  /** Undefined when they could not be read. */
  federatedIdentityCredentials?: AppFederatedCredential[];
}

/** A service principal with its own credentials (Microsoft Graph servicePrincipal, trimmed). */
export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName?: string;
  servicePrincipalType?: string;
  appOwnerOrganizationId?: string | null;
  passwordCredentials: GraphCredential[];
  keyCredentials: GraphCredential[];
}

/**
 * App registrations and service principals, read only for the service principals that hold a role
 * in the audited scopes or read a Key Vault (not the whole directory).
 */
export interface ApplicationCredentials {
  applications: GraphApplication[];
  servicePrincipals: GraphServicePrincipal[];
  errors: SourceError[];
}

/** When a credential of a service principal was last used, from AADServicePrincipalSignInLogs. */
export interface CredentialUse {
  servicePrincipalId: string;
  /** ServicePrincipalCredentialKeyId: the keyId of the secret or certificate used. */
  keyId: string;
  lastSignIn: string;
  ipAddress?: string;
  signIns: number;
}

/** Optional evidence: absent tables are not errors, `read` says whether any workspace held the table. */
export interface SignInEvidence {
  credentials: CredentialUse[];
  /** True when at least one readable workspace had AADServicePrincipalSignInLogs. */
  read: boolean;
  /** The window the sign-ins cover, when read. */
  windowStart?: string;
  errors: SourceError[];
}

/** A role assignment, by id, and the principal that holds it (both lower-case). */
export interface HeldRoleAssignment {
  id: string;
  principalId: string;
}

/**
 * What was read beyond the resources query about the user-assigned identities it found attached to
 * nothing (source `identityUse`). Where they are attached is merged into `identityInventory` and
 * `policyAssignmentIdentities`; the roles held outside a scoped run's scope, and every error of
 * those reads, are kept here.
 */
export interface IdentityUseReads {
  /** The role assignments those identities hold outside the scope. */
  roleAssignments: HeldRoleAssignment[];
  errors: SourceError[];
}

/** Who the auditor is, from its own token's claims. */
export interface AuditorIdentity {
  principalId: string;
  appId?: string;
  /** `xms_mirid`: the identity's resource (a user-assigned identity, or the app for system-assigned). */
  resourceId?: string;
  /** The groups (lower-case object ids) it is a member of, directly or nested (readAuditorGroups.ts). */
  groups?: string[];
  /** Why those groups could not be read: the roles it holds through groups are unknown. */
  groupsUnread?: string;
}

export interface AuditSnapshot {
  tenantId: string;
  /** Where role assignments and definitions were read. */
  roleDataSource: 'arm' | 'resourceGraph';
  auditor: AuditorIdentity;
  managementGroups: Collected<ManagementGroupInfo>;
  subscriptions: Collected<SubscriptionInfo>;
  /**
   * Resource rows the checks read: Key Vaults, workspaces, user-assigned identities and their
   * federated credentials, and the resources of catalogue types that have no managed identity.
   */
  resources: Collected<ResourceRow>;
  identityInventory: IdentityInventory;
  roleDefinitions: Collected<RoleDefinition>;
  roleAssignments: Collected<RoleAssignment>;
  roleEligibilities: Collected<RoleEligibility>;
  directory: Directory;
  diagnosticSettings: Collected<ResourceDiagnostics>;
  keyVaultLogs: KeyVaultLogs;
  /** Federated credentials of the user-assigned identities, read over ARM. */
  federatedCredentials: Collected<FederatedCredential>;
  /** Policy assignments with a user-assigned identity (ARM: they are not Resource Graph `resources`). */
  policyAssignmentIdentities: Collected<PolicyAssignmentIdentity>;
  /** Resources of the services local-auth-enabled reads, with their local-auth settings only. */
  localAuth: Collected<ResourceRow>;
  /** ARM child settings of those resources (App Service sites, MySQL flexible servers). */
  childSettings: Collected<ChildSettings>;
  /** Graph applications and service principals of the principals that reach Azure. */
  applications: ApplicationCredentials;
  /** Last use of those credentials, where sign-in logs are readable (optional evidence). */
  signIns: SignInEvidence;
  /** Reads beyond the resources query about the identities it found attached to nothing. */
  identityUse: IdentityUseReads;
}
