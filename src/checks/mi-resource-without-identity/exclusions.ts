import type { ResourceRow } from '../../collect/snapshot.js';
import { managedIdentityShape, type ManagedIdentityShape } from '../../azure/managedIdentityShape.js';
import { resourceGroupOf } from '../../azure/scopes.js';
import { managedIdentityType, type ManagedIdentityType } from '../../azure/managedIdentityTypes.js';

/** Why a resource without identity is left out; the check counts each reason in its coverage. */
export const EXCLUSION = {
  managedResourceGroup:
    'managed resource group (managedBy: AKS node groups, Databricks, managed applications)',
  skuWithoutIdentity: 'SKU that cannot have a managed identity (free-tier AI Search, Free Static Web Apps)',
  functionsOnContainerApps:
    'Functions hosted on Container Apps (kind azurecontainerapps; Azure Policy 0da106f2 leaves them out)',
  systemDatabase: "SQL server's system database master (kind v12.0,system: the server manages it)",
} as const;

/** Whether the check judges resources of this catalogue type (read from Resource Graph, not left out). */
export const isEvaluated = (t: ManagedIdentityType | undefined): t is ManagedIdentityType =>
  t !== undefined && t.purpose !== 'notEvaluated' && t.resourceGraphTable !== null;

/**
 * A resource of a type the check judges that has no managed identity: its catalogue row and its
 * identity as read; undefined for any other resource. The check and the report's adoption figure
 * (src/report/identityAdoption.ts) both decide it here, so that what adoption counts as without an
 * identity is what the check finds or leaves out.
 */
export function judgedWithoutIdentity(
  resource: ResourceRow,
): { support: ManagedIdentityType; shape: ManagedIdentityShape } | undefined {
  const support = managedIdentityType(resource.type);
  if (!isEvaluated(support)) return undefined;
  const shape = managedIdentityShape(resource.identity);
  return shape.systemAssigned || shape.userAssigned.length > 0 ? undefined : { support, shape };
}

function skuNames(resource: ResourceRow): string[] {
  const sku = resource.sku as { tier?: unknown; name?: unknown } | null | undefined;
  return [sku?.tier, sku?.name].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
}

/**
 * Why a resource without identity is not a finding, or undefined when it is one:
 * - its resource group is managed by another resource (`managedBy` in `resourcecontainers`): the
 *   customer cannot change it, and an AKS cluster on a service principal would be reported a second
 *   time through its node scale sets (Microsoft's Azure Policy definitions skip managed groups too);
 * - its SKU cannot have an identity (documented per type in the catalogue);
 * - it is a Function app on Container Apps, which the function-app policy (0da106f2, v3.1.0) excludes;
 * - it is a SQL server's system database (master).
 */
export function exclusionOf(
  support: ManagedIdentityType,
  resource: ResourceRow,
  managedGroups: ReadonlyMap<string, string>,
): string | undefined {
  const group = resourceGroupOf(resource.id);
  if (group && managedGroups.has(group)) return EXCLUSION.managedResourceGroup;
  const skus = skuNames(resource);
  if (support.onlySkus && !skus.some((s) => support.onlySkus?.skus.includes(s)))
    return EXCLUSION.skuWithoutIdentity;
  if (support.skusWithoutIdentity && skus.some((s) => support.skusWithoutIdentity?.skus.includes(s)))
    return EXCLUSION.skuWithoutIdentity;
  if (
    support.type === 'microsoft.web/sites' &&
    (resource.kind ?? '').toLowerCase().includes('azurecontainerapps')
  )
    return EXCLUSION.functionsOnContainerApps;
  if (support.type === 'microsoft.sql/servers/databases' && isSystemDatabase(resource))
    return EXCLUSION.systemDatabase;
  return undefined;
}

/**
 * A SQL logical server's master database: Resource Graph lists it with the user databases, but the
 * server creates and manages it (ARM answers it with kind `v12.0,system`, sku tier `System` and
 * `managedBy` the server, as a recorded list of a server's databases shows: demisto/content,
 * Packs/AzureSQLManagement README, azure-sql-db-list), so no identity can be given to it.
 */
function isSystemDatabase(resource: ResourceRow): boolean {
  const kinds = (resource.kind ?? '').toLowerCase().split(',');
  return kinds.includes('system') || skuNames(resource).includes('system');
}
