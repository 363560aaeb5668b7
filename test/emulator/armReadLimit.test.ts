import { describe, expect, it } from 'vitest';

import { ArmReadLimiter, readScopeOfPath, subscriptionOfPath } from '../../emulator/arm/armReadLimit.js';

// ARM's read limit (Learn, "Understand how Azure Resource Manager throttles requests", "Regional
// throttling and token bucket algorithm": subscription reads and tenant reads, 250 and 25 a second
// each; the 429 body as recorded in velero-io/velero#9171).
const SUB = '5a000000-0000-4000-8000-000000000001';
const AT_SUB = { kind: 'subscription', subscriptionId: SUB } as const;
const TENANT = { kind: 'tenant' } as const;

describe("the emulator's ARM read limit", () => {
  it('answers the remaining reads, then 429 SubscriptionRequestsThrottled with Retry-After, then refills', () => {
    let now = 0;
    const limiter = new ArmReadLimiter({ bucket: 3, refillPerSecond: 25 }, () => now);
    const answers = [1, 2, 3].map(() => limiter.take(AT_SUB, 'oid-1'));
    expect(answers.map((a) => a.headers?.['x-ms-ratelimit-remaining-subscription-reads'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    const refused = limiter.take(AT_SUB, 'oid-1');
    expect(refused).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'SubscriptionRequestsThrottled' } },
    });
    expect(JSON.stringify(refused)).toContain(
      `Number of 'read' requests for subscription '${SUB}' actor 'oid-1' exceeded. Please try again after '1' seconds`,
    );
    // Another principal has a bucket of its own; 40 ms later this one has a token again.
    expect('status' in limiter.take(AT_SUB, 'oid-2')).toBe(false);
    now = 40;
    expect('status' in limiter.take(AT_SUB, 'oid-1')).toBe(false);
  });

  it("keeps the tenant's reads in a bucket of their own, told in x-ms-ratelimit-remaining-tenant-reads", () => {
    const now = 0;
    const limiter = new ArmReadLimiter({ bucket: 2, refillPerSecond: 25 }, () => now);
    expect(limiter.take(TENANT, 'oid-1').headers).toEqual({ 'x-ms-ratelimit-remaining-tenant-reads': '1' });
    expect(limiter.take(TENANT, 'oid-1').headers).toEqual({ 'x-ms-ratelimit-remaining-tenant-reads': '0' });
    expect(limiter.take(TENANT, 'oid-1')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'TenantRequestsThrottled' } },
    });
    // The subscription's bucket is untouched by the tenant's reads.
    expect(limiter.take(AT_SUB, 'oid-1').headers).toEqual({
      'x-ms-ratelimit-remaining-subscription-reads': '1',
    });
  });

  it('tells subscription reads from tenant reads by whether the path names a subscription', () => {
    expect(subscriptionOfPath(`/subscriptions/${SUB.toUpperCase()}/resourceGroups/rg`)).toBe(SUB);
    expect(readScopeOfPath(`/subscriptions/${SUB}/providers/Microsoft.Web/sites`)).toEqual(AT_SUB);
    expect(
      readScopeOfPath(
        '/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments',
      ),
    ).toEqual(TENANT);
    expect(readScopeOfPath('/subscriptions')).toEqual(TENANT);
    // As the SDK sends a list at an explicit scope: `/{scope}/providers/...` with scope `/subscriptions/…`.
    expect(
      readScopeOfPath(`//subscriptions/${SUB}/providers/Microsoft.Authorization/roleEligibilitySchedules`),
    ).toEqual(AT_SUB);
  });
});
