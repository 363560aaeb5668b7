import { describe, expect, it } from 'vitest';

import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

import {
  ARM_READ_BUCKET,
  ArmReadPacer,
  armReadPacingPolicy,
  subscriptionOfUrl,
} from '../../src/collect/armReadPacer.js';

// ARM's read limit (Learn, "Understand how Azure Resource Manager throttles requests", "Regional
// throttling and token bucket algorithm"): per subscription and principal, 250 tokens refilled at 25
// a second; `x-ms-ratelimit-remaining-subscription-reads` on every read says how many remain.

/** A clock that moves only when the pacer waits: each wait jumps it forward by the wait. */
function fakeClock() {
  const clock = { t: 0, waits: [] as number[] };
  return {
    clock,
    options: {
      now: () => clock.t,
      wait: (ms: number) => {
        clock.waits.push(ms);
        clock.t += ms;
        return Promise.resolve();
      },
    },
  };
}

/** One read of `subscriptionId` through `pacer`: its token taken, then answered 200 (with `remaining`, if given). */
async function answeredRead(pacer: ArmReadPacer, subscriptionId: string, remaining?: string) {
  pacer.settle(subscriptionId, await pacer.take(subscriptionId), 200, remaining);
}

const SUB_A = '5a000000-0000-4000-8000-000000000001';
const SUB_B = '5a000000-0000-4000-8000-000000000002';

describe('ArmReadPacer', () => {
  it("lets a subscription's first 250 reads go at once, then one per 40 ms (25 a second)", async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer(options);
    for (let i = 0; i < ARM_READ_BUCKET; i++) await answeredRead(pacer, SUB_A);
    expect(clock.t).toBe(0);
    await answeredRead(pacer, SUB_A);
    await answeredRead(pacer, SUB_A);
    expect(clock.t).toBe(80);
  });

  it('refills only the room that reads still in flight leave: ARM counts them when they arrive', async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer({ ...options, bucket: 20, refillPerSecond: 200 });
    // Six reads leave with a full bucket and are slow to arrive (a new connection, a slow network).
    const first = await pacer.take(SUB_A);
    for (let i = 1; i < 6; i++) await pacer.take(SUB_A);
    clock.t += 340;
    // ARM's bucket, full again by now, will hold at most 20 when the six arrive with fourteen more.
    for (let i = 0; i < 14; i++) await pacer.take(SUB_A);
    expect(clock.t).toBe(340);
    // The next waits for an answer and then for a token, not for the 68 that 340 ms would refill.
    pacer.settle(SUB_A, first, 200, undefined);
    await pacer.take(SUB_A);
    expect(clock.t).toBe(345);
  });

  it("keeps each subscription's bucket apart", async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer({ ...options, bucket: 2 });
    await answeredRead(pacer, SUB_A);
    await answeredRead(pacer, SUB_A);
    await answeredRead(pacer, SUB_B);
    await answeredRead(pacer, SUB_B.toUpperCase());
    expect(clock.t).toBe(0);
    await answeredRead(pacer, SUB_A);
    expect(clock.t).toBe(40);
  });

  it("follows ARM's count of reads remaining, less the reads still in flight", async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer(options);
    // Another process of the same identity spent most of the bucket: ARM says 3 remain.
    const first = await pacer.take(SUB_A);
    await pacer.take(SUB_A);
    pacer.settle(SUB_A, first, 200, '3');
    // One read is still in flight, so 2 can go now; the third waits for a token.
    await pacer.take(SUB_A);
    await pacer.take(SUB_A);
    expect(clock.t).toBe(0);
    await pacer.take(SUB_A);
    expect(clock.t).toBe(40);
  });

  it("counts up to what ARM's answer proves remain when ARM refills faster than the pacer assumes", async () => {
    const { clock, options } = fakeClock();
    // The pacer assumes 25 a second; this ARM (a benchmark's, K times faster) refills at once.
    const pacer = new ArmReadPacer({ ...options, bucket: 10 });
    // Ten reads one after another, each answered before the next is sent: 9 remained each time.
    for (let i = 0; i < 10; i++) await answeredRead(pacer, SUB_A, '9');
    // Nine more can go at once (by its own count the pacer had none left); the tenth waits.
    for (let i = 0; i < 9; i++) await pacer.take(SUB_A);
    expect(clock.t).toBe(0);
    await pacer.take(SUB_A);
    expect(clock.t).toBe(40);
  });

  it('never counts up past what the reads in flight when the answered one was sent may have taken', async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer({ ...options, bucket: 10 });
    const tickets = [];
    for (let i = 0; i < 10; i++) tickets.push(await pacer.take(SUB_A));
    // The last read sent is answered first: 8 remained then, but the nine sent before it, still in
    // flight, may arrive after it: 8 less 9 is -1, so the next read waits for two tokens.
    pacer.settle(SUB_A, tickets[9]!, 200, '8');
    await pacer.take(SUB_A);
    expect(clock.t).toBe(80);
  });

  it('waits for a refill after a 429, whatever it counted', async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer(options);
    pacer.settle(SUB_A, await pacer.take(SUB_A), 429, undefined);
    await pacer.take(SUB_A);
    expect(clock.t).toBe(40);
  });

  it('ignores a missing or unreadable header', async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer({ ...options, bucket: 2 });
    await answeredRead(pacer, SUB_A);
    await answeredRead(pacer, SUB_A, 'many');
    expect(clock.t).toBe(0);
  });

  it('serves waiting reads in the order they came, with one timer a token, not one per read', async () => {
    const { clock, options } = fakeClock();
    const pacer = new ArmReadPacer({ ...options, bucket: 5 });
    for (let i = 0; i < 5; i++) await answeredRead(pacer, SUB_A);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        pacer.take(SUB_A).then((ticket) => {
          order.push(i);
          pacer.settle(SUB_A, ticket, 200, undefined);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.waits).toEqual([40, 40, 40, 40, 40]);
    expect(clock.t).toBe(200);
  });

  it('gives a waiting read the token an answer proves at once, without waiting for the timer', async () => {
    let released: (() => void) | undefined;
    const pacer = new ArmReadPacer({
      now: () => 0,
      // A timer that never fires by itself.
      wait: () => new Promise<void>((resolve) => (released = resolve)),
      bucket: 2,
    });
    const first = await pacer.take(SUB_A);
    await pacer.take(SUB_A);
    const waiting = pacer.take(SUB_A);
    // The first read's answer: 2 remained once ARM counted it (ARM refilled); one read was sent after it.
    pacer.settle(SUB_A, first, 200, '2');
    await expect(waiting).resolves.toMatchObject({ seq: 3 });
    released?.();
  });

  it("ends a wait for tokens when the request's signal aborts", async () => {
    const pacer = new ArmReadPacer({ bucket: 1, refillPerSecond: 0.001 });
    await pacer.take(SUB_A);
    const controller = new AbortController();
    const waiting = pacer.take(SUB_A, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
  });
});

describe('armReadPacingPolicy', () => {
  const ARM = 'https://management.azure.com';
  const groupList = (mg: string) =>
    `${ARM}/providers/Microsoft.Management/managementGroups/${mg}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`;
  /** Sends one GET through the policy; the answer carries `headers`. */
  const send = (
    policy: ReturnType<typeof armReadPacingPolicy>,
    url: string,
    headers: Record<string, string> = {},
  ) =>
    policy.sendRequest(createPipelineRequest({ url, method: 'GET' }), (request) =>
      Promise.resolve<PipelineResponse>({ request, status: 200, headers: createHttpHeaders(headers) }),
    );

  it("paces the reads that name no subscription to the tenant's bucket, apart from every subscription's", async () => {
    // Learn, "Understand how Azure Resource Manager throttles requests": Tenant reads have a bucket
    // of their own (250, 25 a second), as each subscription's reads do.
    const { clock, options } = fakeClock();
    const policy = armReadPacingPolicy(new ArmReadPacer({ ...options, bucket: 2, refillPerSecond: 25 }));
    await send(policy, groupList('mg-1'));
    await send(policy, groupList('mg-2'));
    expect(clock.t).toBe(0);
    // A subscription's bucket is still full.
    await send(policy, `${ARM}/subscriptions/${SUB_A}/providers/Microsoft.Authorization/roleAssignments`);
    expect(clock.t).toBe(0);
    await send(policy, groupList('mg-3'));
    expect(clock.t).toBe(40);
  });

  it('corrects the tenant count from x-ms-ratelimit-remaining-tenant-reads, not the subscription header', async () => {
    const { clock, options } = fakeClock();
    const policy = armReadPacingPolicy(new ArmReadPacer({ ...options, bucket: 250, refillPerSecond: 25 }));
    // Other processes of the same identity left no tenant reads: the next waits for a token.
    await send(policy, groupList('mg-1'), { 'x-ms-ratelimit-remaining-tenant-reads': '0' });
    await send(policy, groupList('mg-2'));
    expect(clock.t).toBe(40);
    // A subscription header on a tenant read says nothing of the tenant's bucket.
    await send(policy, groupList('mg-3'), { 'x-ms-ratelimit-remaining-subscription-reads': '0' });
    expect(clock.t).toBe(80);
  });
});

describe('subscriptionOfUrl', () => {
  it('names the subscription of a subscription-scoped ARM URL and none for tenant-level ones', () => {
    expect(
      subscriptionOfUrl(
        `https://management.azure.com/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.Web/sites/app/basicPublishingCredentialsPolicies?api-version=2023-12-01`,
      ),
    ).toBe(SUB_A);
    expect(
      subscriptionOfUrl(
        'https://management.azure.com/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01',
      ),
    ).toBeUndefined();
    expect(
      subscriptionOfUrl('https://management.azure.com/subscriptions?api-version=2022-12-01'),
    ).toBeUndefined();
    // @azure/arm-authorization's listForScope puts a scope that starts with a slash after one: the
    // PIM list of a subscription is still that subscription's read, not the tenant's.
    expect(
      subscriptionOfUrl(
        `https://management.azure.com//subscriptions/${SUB_A}/providers/Microsoft.Authorization/roleEligibilitySchedules?api-version=2020-10-01`,
      ),
    ).toBe(SUB_A);
    expect(
      subscriptionOfUrl(
        'https://management.azure.com//providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments',
      ),
    ).toBeUndefined();
  });
});
