import { describe, expect, it } from 'vitest';

import { SubscriptionReadLimiter, subscriptionOfPath } from '../../emulator/arm/subscriptionReadLimit.js';

// ARM's read limit (Learn, "Understand how Azure Resource Manager throttles requests", "Regional
// throttling and token bucket algorithm"; the 429 body as recorded in velero-io/velero#9171).
const SUB = '5a000000-0000-4000-8000-000000000001';

describe("the emulator's ARM read limit", () => {
  it('answers the remaining reads, then 429 SubscriptionRequestsThrottled with Retry-After, then refills', () => {
    let now = 0;
    const limiter = new SubscriptionReadLimiter({ bucket: 3, refillPerSecond: 25 }, () => now);
    const answers = [1, 2, 3].map(() => limiter.take(SUB, 'oid-1'));
    expect(answers.map((a) => a.headers?.['x-ms-ratelimit-remaining-subscription-reads'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    const refused = limiter.take(SUB, 'oid-1');
    expect(refused).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'SubscriptionRequestsThrottled' } },
    });
    expect(JSON.stringify(refused)).toContain(
      `Number of 'read' requests for subscription '${SUB}' actor 'oid-1' exceeded. Please try again after '1' seconds`,
    );
    // Another principal has a bucket of its own; 40 ms later this one has a token again.
    expect('status' in limiter.take(SUB, 'oid-2')).toBe(false);
    now = 40;
    expect('status' in limiter.take(SUB, 'oid-1')).toBe(false);
  });

  it('applies to subscription-scoped paths only', () => {
    expect(subscriptionOfPath(`/subscriptions/${SUB.toUpperCase()}/resourceGroups/rg`)).toBe(SUB);
    expect(subscriptionOfPath('/providers/Microsoft.Management/managementGroups/mg')).toBeUndefined();
  });
});
