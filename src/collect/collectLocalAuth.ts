import { CHILD_API_VERSIONS, localAuthServiceOf } from '../azure/localAuthServices.js';
import type { AzureClients } from './azureClients.js';
import { listLocalAuthResources } from './listLocalAuthResources.js';
import { readChildSettings, type ChildRead } from './readChildSettings.js';
import type { AuditSnapshot } from './snapshot.js';

/**
 * What local-auth-enabled reads: the services' settings from Resource Graph, then, for the
 * services whose setting is an ARM child resource (App Service publishing credentials, MySQL
 * aad_auth_only), one ARM read per resource with bounded concurrency.
 *
 * Why one read per App Service app (1,924 of the goal-size bench's 2,750 requests): no cheaper
 * source is documented. Resource Graph holds no `microsoft.web/sites/basicpublishingcredentialspolicies`
 * type (its `appserviceresources` table lists only sites/config, sites/slots/config and
 * sites/workflows: MicrosoftDocs/azure-docs articles/governance/resource-graph/reference/supported-tables-resources.md),
 * and the REST API lists the policies per site only (WebApps_ListBasicPublishingCredentialsPolicies,
 * `.../sites/{name}/basicPublishingCredentialsPolicies`, Azure/azure-rest-api-specs
 * specification/web/resource-manager/Microsoft.Web/AppService).
 */
export async function collectLocalAuth(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Pick<AuditSnapshot, 'localAuth' | 'childSettings'>> {
  const localAuth = await listLocalAuthResources(clients, subscriptions);
  const reads: ChildRead[] = [];
  for (const row of localAuth.items) {
    const rule = localAuthServiceOf(row.type)?.rule;
    if (rule && 'childPath' in rule) {
      reads.push({
        resourceId: row.id,
        childPath: rule.childPath,
        apiVersion: CHILD_API_VERSIONS[rule.childPath] ?? '',
        collection: rule.kind === 'publishingCredentials',
      });
    }
  }
  const childSettings = await readChildSettings(clients, reads);
  return { localAuth, childSettings };
}
