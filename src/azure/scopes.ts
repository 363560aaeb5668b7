/** The level of an Azure RBAC scope. */
export type ScopeLevel = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

/** Lower-cases and trims trailing slashes, for case-insensitive comparison as Azure does. */
export function normalizeId(id: string): string {
  const trimmed = id.trim().replace(/\/+$/, '').toLowerCase();
  return trimmed === '' ? '/' : trimmed;
}

/** The level of a scope: tenant root, management group, subscription, resource group or resource. */
export function scopeLevel(scope: string): ScopeLevel {
  const s = normalizeId(scope);
  if (s === '/') return 'root';
  if (/^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(s)) return 'managementGroup';
  if (/^\/subscriptions\/[^/]+$/.test(s)) return 'subscription';
  if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s)) return 'resourceGroup';
  return 'resource';
}

/** Management group, tenant root or subscription: the scopes where a grant reaches whole subscriptions. */
export function isBroadScope(scope: string): boolean {
  const level = scopeLevel(scope);
  return level === 'root' || level === 'managementGroup' || level === 'subscription';
}

/** The subscription id in a scope or resource id, lower-cased, if it has one. */
export function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id.trim())?.[1]?.toLowerCase();
}

/** The scope of a management group, by its name: `/providers/Microsoft.Management/managementGroups/{name}`. */
export function managementGroupScope(name: string): string {
  return `/providers/Microsoft.Management/managementGroups/${name}`;
}

/** The management group name of a management-group scope. */
export function managementGroupOf(scope: string): string | undefined {
  return /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/i.exec(scope.trim())?.[1];
}

/** The trailing GUID of a role definition id, lower-cased: assignments refer to roles by it. */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').filter(Boolean).pop() ?? roleDefinitionId).toLowerCase();
}

/** The resource group id (lower-cased) a resource id sits in, if any. */
export function resourceGroupOf(id: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(id)?.[0].toLowerCase();
}
