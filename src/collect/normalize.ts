import { roleGuidOf } from '../azure/scopes.js';
import type {
  DiagnosticSetting,
  DirectoryPrincipal,
  RoleAssignment,
  RoleDefinition,
  RoleEligibility,
} from './snapshot.js';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/**
 * A date as an ISO string: @azure/arm-authorization turns createdOn, startDateTime and
 * endDateTime into `Date` objects, ARM's JSON and Resource Graph keep strings.
 */
const date = (v: unknown): string | undefined =>
  v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString()) : str(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const props = (v: Json): Json =>
  v['properties'] && typeof v['properties'] === 'object' ? (v['properties'] as Json) : {};

/** An ARM (or ARG `authorizationresources`) role definition, as the snapshot keeps it. */
export function toRoleDefinition(arm: Json): RoleDefinition {
  const p = props(arm);
  const id = str(arm['id']) ?? '';
  const permissions = Array.isArray(p['permissions']) ? (p['permissions'] as Json[]) : [];
  return {
    id,
    guid: (str(arm['name']) ?? roleGuidOf(id)).toLowerCase(),
    roleName: str(p['roleName']) ?? str(arm['name']) ?? id,
    roleType: str(p['type'])?.toLowerCase() === 'customrole' ? 'CustomRole' : 'BuiltInRole',
    ...(str(p['description']) ? { description: str(p['description']) } : {}),
    assignableScopes: strings(p['assignableScopes']),
    permissions: permissions.map((b) => ({
      actions: strings(b['actions']),
      notActions: strings(b['notActions']),
      dataActions: strings(b['dataActions']),
      notDataActions: strings(b['notDataActions']),
      ...(str(b['condition']) ? { condition: str(b['condition']) } : {}),
    })),
  };
}

/** An ARM role assignment, as the snapshot keeps it. */
export function toRoleAssignment(arm: Json): RoleAssignment {
  const p = props(arm);
  const roleDefinitionId = str(p['roleDefinitionId']) ?? '';
  return {
    id: str(arm['id']) ?? '',
    name: str(arm['name']) ?? '',
    scope: str(p['scope']) ?? '',
    roleDefinitionId,
    roleDefinitionGuid: roleGuidOf(roleDefinitionId),
    principalId: (str(p['principalId']) ?? '').toLowerCase(),
    principalType: str(p['principalType']) ?? 'Unknown',
    condition: str(p['condition']) ?? null,
    conditionVersion: str(p['conditionVersion']) ?? null,
    createdOn: date(p['createdOn']) ?? null,
    description: str(p['description']) ?? null,
  };
}

/** An ARM PIM role eligibility schedule (or instance), as the snapshot keeps it. */
export function toRoleEligibility(arm: Json): RoleEligibility {
  const p = props(arm);
  return {
    id: str(arm['id']) ?? '',
    scope: str(p['scope']) ?? '',
    roleDefinitionGuid: roleGuidOf(str(p['roleDefinitionId']) ?? ''),
    principalId: (str(p['principalId']) ?? '').toLowerCase(),
    principalType: str(p['principalType']) ?? 'Unknown',
    startDateTime: date(p['startDateTime']) ?? null,
    endDateTime: date(p['endDateTime']) ?? null,
    status: str(p['status']) ?? null,
  };
}

/**
 * The directory-object properties the checks read as plain strings (users, groups and service
 * principals); `getByIds` selects them (with `id` and `alternativeNames`) because v1.0 leaves some,
 * such as `userType`, out unless `$select` names them.
 */
export const DIRECTORY_STRING_PROPERTIES = [
  'displayName',
  'userPrincipalName',
  'userType',
  'appId',
  'servicePrincipalType',
  'appOwnerOrganizationId',
] as const;

/** A Microsoft Graph directory object, as the snapshot keeps it. */
export function toDirectoryPrincipal(graph: Json): DirectoryPrincipal {
  const odata = str(graph['@odata.type']) ?? '';
  const entry: DirectoryPrincipal = {
    id: (str(graph['id']) ?? '').toLowerCase(),
    kind: odata.replace('#microsoft.graph.', '') || 'unknown',
  };
  for (const key of DIRECTORY_STRING_PROPERTIES) {
    const value = str(graph[key]);
    if (value) entry[key] = value;
  }
  const alt = strings(graph['alternativeNames']);
  if (alt.length) entry.alternativeNames = alt;
  return entry;
}

/** An ARM diagnostic setting, as the snapshot keeps it. */
export function toDiagnosticSetting(arm: Json): DiagnosticSetting {
  const p = props(arm);
  const logs = Array.isArray(p['logs']) ? (p['logs'] as Json[]) : [];
  return {
    name: str(arm['name']) ?? '',
    workspaceId: str(p['workspaceId']) ?? null,
    storageAccountId: str(p['storageAccountId']) ?? null,
    eventHubAuthorizationRuleId: str(p['eventHubAuthorizationRuleId']) ?? null,
    marketplacePartnerId: str(p['marketplacePartnerId']) ?? null,
    logs: logs.map((l) => ({
      category: str(l['category']) ?? null,
      categoryGroup: str(l['categoryGroup']) ?? null,
      enabled: l['enabled'] === true,
    })),
  };
}
