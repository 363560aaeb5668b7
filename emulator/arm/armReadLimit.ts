import { armError } from '../errors/armErrors.js';
import type { EmulatorResponse } from '../http.js';

/**
 * Azure Resource Manager's limit on reads: per principal, a token bucket of 250 tokens refilled at
 * 25 a second for each subscription, and one of the same size for the tenant ("Understand how Azure
 * Resource Manager throttles requests", section "Regional throttling and token bucket algorithm":
 * Subscription reads 250 / 25, Tenant reads 250 / 25,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
 */
export interface ArmReadLimit {
  bucket: number;
  refillPerSecond: number;
}

export const DEFAULT_ARM_READ_LIMIT: ArmReadLimit = { bucket: 250, refillPerSecond: 25 };

/**
 * The subscription a request path is scoped to (`/subscriptions/{id}/...`), lower-cased; repeated
 * slashes count as one (the Azure SDK's `/{scope}/providers/...` paths send `//subscriptions/...`).
 */
export function subscriptionOfPath(path: string): string | undefined {
  return /^\/+subscriptions\/+([^/]+)/i.exec(path)?.[1]?.toLowerCase();
}

/**
 * The bucket a read draws on. "Subscription requests are ones that involve passing your
 * subscription ID … Tenant requests don't include your subscription ID" (the same article,
 * "Subscription and tenant limits"): a management group's role assignments, the subscription list.
 */
export type ArmReadScope = { kind: 'subscription'; subscriptionId: string } | { kind: 'tenant' };

/** The scope of a read by its path: {@link ArmReadScope}. */
export function readScopeOfPath(path: string): ArmReadScope {
  const subscriptionId = subscriptionOfPath(path);
  return subscriptionId ? { kind: 'subscription', subscriptionId } : { kind: 'tenant' };
}

/**
 * The buckets of every subscription and principal, and the tenant's of every principal. A read takes
 * a token and, answered, says how many remain in `x-ms-ratelimit-remaining-subscription-reads` or
 * `x-ms-ratelimit-remaining-tenant-reads` (the same article, "Remaining requests"); a read that
 * finds its bucket empty is refused as ARM refuses it: 429 with `Retry-After` in whole seconds,
 * `SubscriptionRequestsThrottled` and the message ARM sends (recorded in velero-io/velero#9171, 2025:
 * "Number of 'read' requests for subscription '…' actor '…' exceeded. Please try again after '1'
 * seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for
 * additional information."). For the tenant no answer is recorded in a Microsoft source; the
 * emulator sends `TenantRequestsThrottled` (the code ARM throttle classifiers in public tools list
 * beside `SubscriptionRequestsThrottled`) with the same message about the tenant. mi-auditor reads
 * neither code nor message: a 429 and its Retry-After are what it acts on.
 */
export class ArmReadLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: ArmReadLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token: the header to answer with, or the 429 to answer instead. */
  take(scope: ArmReadScope, principal: string): { headers: Record<string, string> } | EmulatorResponse {
    const key = scope.kind === 'tenant' ? `tenant|${principal}` : `${scope.subscriptionId}|${principal}`;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.bucket, at: now };
    b.tokens = Math.min(this.limit.bucket, b.tokens + ((now - b.at) / 1000) * this.limit.refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - b.tokens) / this.limit.refillPerSecond));
      const what = scope.kind === 'tenant' ? 'tenant' : `subscription '${scope.subscriptionId}'`;
      return armError(
        429,
        scope.kind === 'tenant' ? 'TenantRequestsThrottled' : 'SubscriptionRequestsThrottled',
        `Number of 'read' requests for ${what} actor '${principal}' exceeded. Please try again after '${seconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        { 'retry-after': String(seconds) },
      );
    }
    b.tokens -= 1;
    const header =
      scope.kind === 'tenant'
        ? 'x-ms-ratelimit-remaining-tenant-reads'
        : 'x-ms-ratelimit-remaining-subscription-reads';
    return { headers: { [header]: String(Math.floor(b.tokens)) } };
  }
}
