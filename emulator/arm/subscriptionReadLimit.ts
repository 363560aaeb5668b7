import { armError } from '../errors/armErrors.js';
import type { EmulatorResponse } from '../http.js';

/**
 * Azure Resource Manager's limit on reads: per subscription and per principal, a token bucket of
 * 250 tokens refilled at 25 a second ("Understand how Azure Resource Manager throttles requests",
 * section "Regional throttling and token bucket algorithm",
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
 */
export interface ArmReadLimit {
  bucket: number;
  refillPerSecond: number;
}

export const DEFAULT_ARM_READ_LIMIT: ArmReadLimit = { bucket: 250, refillPerSecond: 25 };

/** The subscription a request path is scoped to (`/subscriptions/{id}/...`), lower-cased. */
export function subscriptionOfPath(path: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
}

/**
 * The buckets of every subscription and principal. A read takes a token and, answered, says how
 * many remain in `x-ms-ratelimit-remaining-subscription-reads` (the same article, "Remaining
 * requests"); a read that finds the bucket empty is refused as ARM refuses it: 429
 * `SubscriptionRequestsThrottled` with `Retry-After` in whole seconds and the message ARM sends
 * (recorded in velero-io/velero#9171, 2025: "Number of 'read' requests for subscription '…' actor
 * '…' exceeded. Please try again after '1' seconds after additional tokens are available. Refer to
 * https://aka.ms/arm-throttling for additional information.").
 */
export class SubscriptionReadLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: ArmReadLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token: the header to answer with, or the 429 to answer instead. */
  take(subscriptionId: string, principal: string): { headers: Record<string, string> } | EmulatorResponse {
    const key = `${subscriptionId}|${principal}`;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.bucket, at: now };
    b.tokens = Math.min(this.limit.bucket, b.tokens + ((now - b.at) / 1000) * this.limit.refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - b.tokens) / this.limit.refillPerSecond));
      return armError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of 'read' requests for subscription '${subscriptionId}' actor '${principal}' exceeded. Please try again after '${seconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        { 'retry-after': String(seconds) },
      );
    }
    b.tokens -= 1;
    return { headers: { 'x-ms-ratelimit-remaining-subscription-reads': String(Math.floor(b.tokens)) } };
  }
}
