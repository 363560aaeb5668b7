import { CHILD_API_VERSIONS, localAuthServiceOf } from '../azure/localAuthServices.js';
import type { AzureClients } from './azureClients.js';
import { listLocalAuthResources } from './listLocalAuthResources.js';
import { readChildSettings, type ChildRead } from './readChildSettings.js';
import type { AuditSnapshot } from './snapshot.js';

/**
 * What local-auth-enabled reads: the services' settings from Resource Graph, then, for the
 * services whose setting is an ARM child resource (App Service publishing credentials, MySQL
 * aad_auth_only), one ARM read per resource with bounded concurrency.
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
      });
    }
  }
  const childSettings = await readChildSettings(clients, reads);
  return { localAuth, childSettings };
}
