import builtInRoles from '../../emulator/data/builtInRoles.json' with { type: 'json' };
import type {
  AuditSnapshot,
  DirectoryPrincipal,
  GraphApplication,
  GraphServicePrincipal,
  KeyVaultAccessAggregate,
  ResourceRow,
  RoleAssignment,
  RoleDefinition,
} from '../../src/collect/snapshot.js';
import { toRoleAssignment, toRoleDefinition } from '../../src/collect/normalize.js';
import type { CheckContext } from '../../src/checks/types.js';

export const TENANT = '00000000-0000-0000-0000-0000000000aa';
export const SUB = '11111111-1111-1111-1111-111111111111';
export const SUB2 = '22222222-2222-2222-2222-222222222222';
export const AUDITOR = 'aaaaaaaa-0000-0000-0000-000000000001';
export const NOW = new Date('2026-11-20T06:00:00Z');

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  uaa: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdmin: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  logAnalyticsReader: '73c42c96-874c-492b-b04d-ab87d138a893',
  monitoringReader: '43d0d8ad-25c7-4714-9337-8ba259a9fe05',
  kvSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  kvAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  kvReader: '21090545-7ca7-4776-b22c-e363652d74d2',
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
} as const;

export function builtInRoleDefinitions(): RoleDefinition[] {
  return builtInRoles.value.map((r) => toRoleDefinition(r as Record<string, unknown>));
}

export function emptySnapshot(overrides: Partial<AuditSnapshot> = {}): AuditSnapshot {
  return {
    tenantId: TENANT,
    roleDataSource: 'arm',
    auditor: { principalId: AUDITOR },
    managementGroups: { items: [], errors: [] },
    subscriptions: {
      items: [
        {
          subscriptionId: SUB,
          displayName: 'Prod',
          state: 'Enabled',
          managementGroupAncestors: [TENANT],
          read: true,
        },
      ],
      errors: [],
    },
    resources: { items: [], errors: [] },
    identityInventory: {
      attachedUserAssigned: [],
      coverageByType: [],
      coverageBySubscription: [],
      managedResourceGroups: [],
      errors: [],
    },
    roleDefinitions: { items: builtInRoleDefinitions(), errors: [] },
    roleAssignments: { items: [], errors: [] },
    roleEligibilities: { items: [], errors: [] },
    directory: { principals: {}, lookedUp: [], errors: [] },
    diagnosticSettings: { items: [], errors: [] },
    federatedCredentials: { items: [], errors: [] },
    policyAssignmentIdentities: { items: [], errors: [] },
    keyVaultLogs: {
      workspaces: [
        {
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law`,
          customerId: 'ws',
          subscriptionId: SUB,
          read: true,
        },
      ],
      aggregates: [],
      windowStart: '2026-11-13T06:00:00Z',
      windowEnd: NOW.toISOString(),
      errors: [],
    },
    localAuth: { items: [], errors: [] },
    childSettings: { items: [], errors: [] },
    applications: { applications: [], servicePrincipals: [], errors: [] },
    signIns: { credentials: [], read: false, errors: [] },
    identityUse: { roleAssignments: [], errors: [] },
    ...overrides,
  };
}

export const context: CheckContext = {
  now: NOW,
  kvMassRetrievalThreshold: 25,
  maxOwners: 3,
  appCredentialExpiryDays: 30,
};

let counter = 0;
export function resource(type: string, fields: Partial<ResourceRow> = {}): ResourceRow {
  counter++;
  const name = fields.name ?? `res${counter}`;
  const provider = type.split('/').slice(0, 1).join('/');
  const rest = type.split('/').slice(1).join('/');
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/${provider}/${rest}/${name}`,
    name,
    type: type.toLowerCase(),
    subscriptionId: SUB,
    resourceGroup: 'rg',
    location: 'westeurope',
    ...fields,
  };
}

export function assignment(
  roleGuid: string,
  principalId: string,
  scope: string,
  extra: { principalType?: string; condition?: string } = {},
): RoleAssignment {
  counter++;
  const name = `00000000-0000-0000-0000-${String(counter).padStart(12, '0')}`;
  return toRoleAssignment({
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      scope,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      principalId,
      principalType: extra.principalType ?? 'User',
      ...(extra.condition ? { condition: extra.condition, conditionVersion: '2.0' } : {}),
    },
  });
}

export function customRole(
  guid: string,
  roleName: string,
  permissions: Partial<RoleDefinition['permissions'][number]>,
): RoleDefinition {
  return toRoleDefinition({
    id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    properties: {
      roleName,
      type: 'CustomRole',
      assignableScopes: [`/subscriptions/${SUB}`],
      permissions: [{ actions: [], notActions: [], dataActions: [], notDataActions: [], ...permissions }],
    },
  });
}

export function directory(...entries: DirectoryPrincipal[]): AuditSnapshot['directory'] {
  return {
    principals: Object.fromEntries(entries.map((e) => [e.id.toLowerCase(), e])),
    lookedUp: entries.map((e) => e.id.toLowerCase()),
    errors: [],
  };
}

export const vaultId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;

export function kvRow(fields: Partial<KeyVaultAccessAggregate>): KeyVaultAccessAggregate {
  return {
    vaultId: vaultId('kv1').toLowerCase(),
    operation: 'SecretGet',
    httpStatus: 200,
    callerIps: ['10.0.0.4'],
    count: 1,
    distinctObjects: 1,
    firstSeen: '2026-11-19T01:00:00Z',
    lastSeen: '2026-11-19T02:00:00Z',
    tables: ['AZKVAuditLogs'],
    workspaceId: 'ws',
    ...fields,
  };
}

/** A Microsoft Graph service principal of an app registration, with no credentials unless given. */
export function graphServicePrincipal(
  id: string,
  appId: string,
  extra: Partial<GraphServicePrincipal> = {},
): GraphServicePrincipal {
  return {
    id,
    appId,
    displayName: 'ci-deployer',
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: TENANT,
    passwordCredentials: [],
    keyCredentials: [],
    ...extra,
  };
}

/** Its app registration, with no credentials unless given. */
export function graphApplication(appId: string, extra: Partial<GraphApplication> = {}): GraphApplication {
  return {
    id: 'a0000000-0000-0000-0000-0000000000a1',
    appId,
    displayName: 'ci-deployer',
    passwordCredentials: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    ...extra,
  };
}
