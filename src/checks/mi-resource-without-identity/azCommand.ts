import type { ResourceRow } from '../../collect/snapshot.js';
import type { ManagedIdentityType } from '../../azure/managedIdentityTypes.js';

const quoted = (id: string) => `'${id.replace(/'/g, `'\\''`)}'`;

/**
 * The Azure CLI command that gives this resource an identity, with its real id filled in. Uses the
 * service's own `identity assign` command where the CLI has one (az webapp / functionapp / vm / vmss
 * / containerapp identity assign; az aks update --enable-managed-identity), else the generic
 * `az resource update` on the ARM `identity` property. Types that take only user-assigned
 * identities need one created first; that identity's id is the one placeholder left.
 */
export function azCommandFor(support: ManagedIdentityType, resource: ResourceRow): string {
  const ids = `--ids ${quoted(resource.id)}`;
  const kind = (resource.kind ?? '').toLowerCase();
  switch (support.type) {
    case 'microsoft.web/sites':
    case 'microsoft.web/sites/slots':
      return kind.includes('functionapp')
        ? `az functionapp identity assign ${ids}`
        : `az webapp identity assign ${ids}`;
    case 'microsoft.compute/virtualmachines':
      return `az vm identity assign ${ids}`;
    case 'microsoft.compute/virtualmachinescalesets':
      return `az vmss identity assign ${ids}`;
    case 'microsoft.app/containerapps':
      return `az containerapp identity assign ${ids} --system-assigned`;
    case 'microsoft.containerservice/managedclusters':
      return `az aks update ${ids} --enable-managed-identity`;
  }
  if (!support.systemAssigned) {
    const name = resource.name.replace(/^.*\//, '');
    return (
      `az identity create --resource-group ${quoted(resource.resourceGroup ?? '')} --name ${quoted(`${name}-identity`)} && ` +
      `az resource update ${ids} --set identity.type=UserAssigned ` +
      `--set 'identity.userAssignedIdentities={"<id of ${name}-identity>":{}}'`
    );
  }
  return `az resource update ${ids} --set identity.type=SystemAssigned`;
}
