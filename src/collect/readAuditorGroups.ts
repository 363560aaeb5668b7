import type { AzureClients } from './azureClients.js';
import { toSourceError } from './sourceError.js';

const GROUP = '#microsoft.graph.group';

/** The groups the auditor's identity belongs to, or why they could not be read. */
export type AuditorGroups = { groups: string[] } | { unread: string };

/**
 * The groups (object ids, lower-case) the auditor's own service principal is a member of, directly
 * or nested: a role granted to such a group is the auditor's too ("You added managed identities to a
 * group and assigned a role to that group", Learn, Azure RBAC troubleshooting), so a check of the
 * auditor's own rights that read its direct assignments only would pass an identity that holds
 * Owner through a group. Microsoft Graph `GET /servicePrincipals/{id}/transitiveMemberOf`
 * ("transitive and will include all groups that this service principal is a nested member of";
 * least privileged application permission Application.Read.All), every page; directory roles in the
 * answer are not Azure roles and are left out.
 */
export async function readAuditorGroups(
  clients: Pick<AzureClients, 'graphGet'>,
  principalId: string,
): Promise<AuditorGroups> {
  const groups: string[] = [];
  try {
    let next: string | undefined =
      `/v1.0/servicePrincipals/${encodeURIComponent(principalId)}/transitiveMemberOf?$select=id&$top=999`;
    while (next) {
      const page = await clients.graphGet(next);
      if (!page)
        return { unread: `Microsoft Graph does not know the auditor's service principal ${principalId}` };
      const value = Array.isArray(page['value']) ? (page['value'] as Record<string, unknown>[]) : [];
      for (const o of value)
        if (o['@odata.type'] === GROUP && typeof o['id'] === 'string') groups.push(o['id'].toLowerCase());
      next = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : undefined;
    }
    return { groups };
  } catch (e) {
    return {
      unread: toSourceError('directory', `/servicePrincipals/${principalId}/transitiveMemberOf`, e).message,
    };
  }
}
