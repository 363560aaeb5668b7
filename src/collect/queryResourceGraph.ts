import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { isRestError } from '@azure/core-rest-pipeline';

import { parseResetsAfter, type QuotaPacer } from './quotaPacer.js';

export interface ResourceGraphScope {
  subscriptions?: string[];
  managementGroups?: string[];
  /** For `authorizationresources`: which assignments relative to the scope. */
  authorizationScopeFilter?: 'AtScopeAndBelow' | 'AtScopeAndAbove' | 'AtScopeExact' | 'AtScopeAboveAndBelow';
}

const MAX_ATTEMPTS = 6;

/** Subscriptions per Resource Graph request: the service accepts up to a thousand at once. */
export const MAX_SUBSCRIPTIONS_PER_QUERY = 1000;

/**
 * Runs a Resource Graph query to the last page (`$top` 1000, following `$skipToken`), pacing by the
 * quota headers and retrying 429 and 5xx answers (the SDK retries those that carry Retry-After; this
 * loop also covers those that do not). Throws the last error when a page keeps failing.
 */
export async function queryResourceGraph<T = Record<string, unknown>>(
  client: ResourceGraphClient,
  query: string,
  scope: ResourceGraphScope,
  pacer: QuotaPacer,
): Promise<T[]> {
  const rows: T[] = [];
  let skipToken: string | undefined;
  do {
    let attempt = 0;
    for (;;) {
      const ticket = await pacer.beforeRequest();
      let resetsAfter: string | undefined;
      try {
        const page = await client.resources(
          {
            query,
            ...(scope.subscriptions?.length ? { subscriptions: scope.subscriptions } : {}),
            ...(scope.managementGroups?.length ? { managementGroups: scope.managementGroups } : {}),
            options: {
              top: 1000,
              resultFormat: 'objectArray',
              ...(skipToken ? { skipToken } : {}),
              ...(scope.authorizationScopeFilter
                ? { authorizationScopeFilter: scope.authorizationScopeFilter }
                : {}),
            },
          },
          {
            onResponse: (raw) => {
              resetsAfter = raw.headers.get('x-ms-user-quota-resets-after') ?? undefined;
              pacer.observe(raw.headers.get('x-ms-user-quota-remaining'), resetsAfter, ticket);
            },
          },
        );
        pacer.release(ticket);
        rows.push(...(page.data as T[]));
        skipToken = page.skipToken;
        break;
      } catch (e) {
        pacer.release(ticket);
        attempt++;
        const status = isRestError(e) ? e.statusCode : undefined;
        const retriable = status === 429 || (status !== undefined && status >= 500);
        if (!retriable || attempt >= MAX_ATTEMPTS) throw e;
        const retryAfter = isRestError(e) ? Number(e.response?.headers.get('retry-after')) : NaN;
        pacer.backOff(
          Number.isFinite(retryAfter)
            ? retryAfter * 1000
            : (parseResetsAfter(resetsAfter) ?? 1000 * 2 ** attempt),
        );
      }
    }
  } while (skipToken);
  return rows;
}
