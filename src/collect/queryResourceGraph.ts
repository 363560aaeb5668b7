import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { isRestError, RestError } from '@azure/core-rest-pipeline';

import { RETRY_AFTER_TOO_LONG, RUN_BUDGET_EXCEEDED } from './boundedWaits.js';
import { parseResetsAfter, type QuotaPacer } from './quotaPacer.js';

export interface ResourceGraphScope {
  subscriptions?: string[];
  managementGroups?: string[];
  /** For `authorizationresources`: which assignments relative to the scope. */
  authorizationScopeFilter?: 'AtScopeAndBelow' | 'AtScopeAndAbove' | 'AtScopeExact' | 'AtScopeAboveAndBelow';
}

const MAX_ATTEMPTS = 6;

/**
 * Subscriptions per Resource Graph request: the service accepts up to a thousand at once. Microsoft's
 * "Guidance for throttled requests in Azure Resource Graph" (Grouping queries) recommends asking for
 * subscriptions in groups rather than one by one, groups of fewer than 300. mi-auditor takes the
 * service's maximum, since every group costs quota of its own (its last page part-filled, each
 * one-page query asked once per group): at 2,000 subscriptions and 1M resources (bench,
 * `--quota-scale 10`), groups of 250 took 701 requests and 39 s of collection, groups of 1,000
 * took 651 and 36 s.
 */
export const MAX_SUBSCRIPTIONS_PER_QUERY = 1000;

/** The subscriptions in batches of at most {@link MAX_SUBSCRIPTIONS_PER_QUERY}, one query each. */
export function subscriptionBatches(subscriptions: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < subscriptions.length; i += MAX_SUBSCRIPTIONS_PER_QUERY)
    batches.push(subscriptions.slice(i, i + MAX_SUBSCRIPTIONS_PER_QUERY));
  return batches;
}

/**
 * Runs the queries `queriesOf` makes for each run of at most `perQuery` of `values` (ids a query
 * names in an `in (...)` list, kept short that way), over every batch of `subscriptions`, all at
 * once on the one pacer, handing each page to `onPage`. A query that keeps failing goes to
 * `onFailure` with its batch of subscriptions and its values; the others go on.
 */
export async function eachPageForValues<T>(
  client: ResourceGraphClient,
  pacer: QuotaPacer,
  read: {
    subscriptions: readonly string[];
    values: readonly string[];
    perQuery: number;
    queriesOf: (values: string[]) => readonly string[];
    /** For `authorizationresources`: which assignments relative to the subscriptions. */
    authorizationScopeFilter?: ResourceGraphScope['authorizationScopeFilter'];
  },
  onPage: (rows: T[]) => void,
  onFailure: (subscriptions: string[], values: string[], error: unknown) => void,
): Promise<void> {
  const reads: Promise<void>[] = [];
  for (const batch of subscriptionBatches(read.subscriptions))
    for (let i = 0; i < read.values.length; i += read.perQuery) {
      const values = read.values.slice(i, i + read.perQuery);
      for (const query of read.queriesOf(values))
        reads.push(
          eachResourceGraphPage<T>(
            client,
            query,
            read.authorizationScopeFilter
              ? { subscriptions: batch, authorizationScopeFilter: read.authorizationScopeFilter }
              : { subscriptions: batch },
            pacer,
            onPage,
          ).catch((e: unknown) => onFailure(batch, values, e)),
        );
    }
  await Promise.all(reads);
}

/** What one page said besides its rows. */
export interface ResourceGraphPageInfo {
  /** True when Resource Graph cut the result and gave no `$skipToken` (a `summarize`, say). */
  truncated: boolean;
  totalRecords: number;
  /**
   * `x-ms-tenant-subscription-limit-hit: true`: a tenant or management-group scope query answered
   * for the first 10,000 subscriptions only (Learn, Resource Graph "Guidance for throttled requests").
   */
  subscriptionLimitHit: boolean;
}

/**
 * Runs a Resource Graph query to the last page and collects the rows: for small results only.
 * Large results go through {@link eachResourceGraphPage} and are reduced as they arrive.
 */
export async function queryResourceGraph<T = Record<string, unknown>>(
  client: ResourceGraphClient,
  query: string,
  scope: ResourceGraphScope,
  pacer: QuotaPacer,
): Promise<T[]> {
  const rows: T[] = [];
  await eachResourceGraphPage<T>(client, query, scope, pacer, (page) => {
    // One row at a time: spreading a page into push() is bounded, but the habit is not.
    for (const row of page) rows.push(row);
  });
  return rows;
}

/**
 * Runs a Resource Graph query to the last page (`$top` 1000, following `$skipToken`), handing each
 * page to `onPage` as it arrives so the caller keeps only what it reduces it to. Paces by the quota
 * headers and retries 429 and 5xx answers (the SDK retries those that carry Retry-After; this loop
 * also covers those that do not). Throws the last error when a page keeps failing.
 */
export async function eachResourceGraphPage<T = Record<string, unknown>>(
  client: ResourceGraphClient,
  query: string,
  scope: ResourceGraphScope,
  pacer: QuotaPacer,
  onPage: (rows: T[], info: ResourceGraphPageInfo) => void,
): Promise<void> {
  let skipToken: string | undefined;
  let subscriptionLimitHit = false;
  do {
    let attempt = 0;
    let received: Awaited<ReturnType<ResourceGraphClient['resources']>>;
    let lastFailure: unknown;
    for (;;) {
      const ticket = await pacer.beforeRequest().catch((e: unknown) => {
        throw withLastFailure(e, lastFailure);
      });
      let resetsAfter: string | undefined;
      let limitHit = false;
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
              limitHit = raw.headers.get('x-ms-tenant-subscription-limit-hit')?.toLowerCase() === 'true';
              pacer.observe(raw.headers.get('x-ms-user-quota-remaining'), resetsAfter, ticket);
            },
          },
        );
        pacer.release(ticket);
        received = page;
        subscriptionLimitHit ||= limitHit;
        break;
      } catch (e) {
        pacer.release(ticket);
        lastFailure = e;
        attempt++;
        const status = isRestError(e) ? e.statusCode : undefined;
        const retriable =
          (status === 429 || (status !== undefined && status >= 500)) &&
          !(isRestError(e) && e.code === RETRY_AFTER_TOO_LONG);
        if (!retriable || attempt >= MAX_ATTEMPTS) throw e;
        const retryAfter = isRestError(e) ? Number(e.response?.headers.get('retry-after')) : NaN;
        pacer.backOff(
          Number.isFinite(retryAfter)
            ? retryAfter * 1000
            : (parseResetsAfter(resetsAfter) ?? 1000 * 2 ** attempt),
        );
      }
    }
    skipToken = received.skipToken;
    onPage(received.data as T[], {
      truncated: received.resultTruncated === 'true' && !skipToken,
      totalRecords: received.totalRecords,
      subscriptionLimitHit,
    });
  } while (skipToken);
}

/**
 * A budget that ran out while backing off after failures names the last failure too, so the
 * coverage error says what Azure answered (429, 503) and not only that time ran out.
 */
function withLastFailure(spent: unknown, last: unknown): unknown {
  if (!isRestError(spent) || spent.code !== RUN_BUDGET_EXCEEDED || !isRestError(last)) return spent;
  return new RestError(
    `${spent.message} Resource Graph's last answer: ${last.statusCode ?? 'no answer'} ${last.message.split('\n')[0] ?? ''}`.trim(),
    { code: RUN_BUDGET_EXCEEDED, ...(last.statusCode ? { statusCode: last.statusCode } : {}) },
  );
}
