import { bySubscriptionInTurn, forEachBounded } from './armReadsInFlight.js';
import type { AzureClients } from './azureClients.js';
import type { ChildSettings, Collected, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** One ARM child read: a parent resource and the child path under it. */
export interface ChildRead {
  resourceId: string;
  childPath: string;
  apiVersion: string;
  /**
   * True for a collection every parent has (an App Service site's basicPublishingCredentialsPolicies,
   * which ARM lists as ftp and scm): a 404 then says the parent itself is gone, deleted since
   * Resource Graph listed it, not that its settings are Azure's defaults.
   */
  collection?: boolean;
}

/**
 * Reads ARM child resources that Resource Graph does not hold, a few at a time. A list answers its
 * `value`; a single child answers itself; 404 means no such child exists (an empty list, which the
 * checks read as Azure's default), or, for a collection every parent has, that the parent is gone. A read that fails is an error for that resource only.
 */
export async function readChildSettings(
  clients: AzureClients,
  reads: readonly ChildRead[],
): Promise<Collected<ChildSettings>> {
  const items: ChildSettings[] = [];
  const errors: SourceError[] = [];
  await forEachBounded(
    bySubscriptionInTurn(reads, (r) => r.resourceId),
    async (read) => {
      try {
        const body = await clients.armGet(
          `${read.resourceId}/${read.childPath}?api-version=${encodeURIComponent(read.apiVersion)}`,
        );
        if (!body && read.collection) {
          items.push({
            resourceId: read.resourceId,
            childPath: read.childPath,
            children: [],
            parentGone: true,
          });
          return;
        }
        const children = !body ? [] : Array.isArray(body['value']) ? (body['value'] as unknown[]) : [body];
        items.push({
          resourceId: read.resourceId,
          childPath: read.childPath,
          children: children.map((c) => {
            const child = (c ?? {}) as { name?: unknown; properties?: unknown };
            return {
              name: typeof child.name === 'string' ? child.name : '',
              properties: (child.properties ?? {}) as Record<string, unknown>,
            };
          }),
        });
      } catch (e) {
        errors.push(toSourceError('childSettings', `${read.resourceId}/${read.childPath}`, e));
      }
    },
  );
  return { items, errors };
}
