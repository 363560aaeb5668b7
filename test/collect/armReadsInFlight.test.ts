import { describe, expect, it } from 'vitest';

import {
  allSettledBounded,
  bySubscriptionInTurn,
  forEachBounded,
} from '../../src/collect/armReadsInFlight.js';

const id = (sub: string, n: number) =>
  `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/s${n}`;

describe('bySubscriptionInTurn', () => {
  it("takes one item of each subscription in turn, each subscription's items in their order", () => {
    const items = [id('a', 1), id('a', 2), id('a', 3), id('B', 1), id('c', 1), id('b', 2)];
    expect(bySubscriptionInTurn(items, (x) => x)).toEqual([
      id('a', 1),
      id('B', 1),
      id('c', 1),
      id('a', 2),
      id('b', 2),
      id('a', 3),
    ]);
  });

  it('keeps every item once, however uneven the subscriptions, ids without a subscription included', () => {
    const items = [
      ...Array.from({ length: 5000 }, (_, i) => id('big', i)),
      ...Array.from({ length: 2000 }, (_, i) => id(`small${i}`, 0)),
      '/providers/Microsoft.Management/managementGroups/mg',
    ];
    const out = bySubscriptionInTurn(items, (x) => x);
    expect(out).toHaveLength(items.length);
    expect(new Set(out).size).toBe(items.length);
    // The big subscription's reads are spread out, not queued back to back at the start.
    expect(out.slice(0, 3)).toEqual([id('big', 0), id('small0', 0), id('small1', 0)]);
  });
});

describe('forEachBounded', () => {
  it('runs every task, never more than the bound at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 50 }, (_, i) => i),
      async (i) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 1));
        done.push(i);
        running--;
      },
      4,
    );
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(4);
  });
});

describe('allSettledBounded', () => {
  it("gives each item's outcome in the items' order, at most inFlight at once, a failure only its own", async () => {
    let inFlight = 0;
    let most = 0;
    const outcomes = await allSettledBounded(
      [30, 1, 20, 2, 10],
      async (ms) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, ms));
        inFlight--;
        if (ms === 20) throw new Error('twenty');
        return ms * 2;
      },
      2,
    );
    expect(most).toBe(2);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      60,
      2,
      'twenty',
      4,
      20,
    ]);
  });
});
