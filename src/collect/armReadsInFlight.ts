import { subscriptionOf } from '../azure/scopes.js';

/**
 * ARM reads one stage keeps in flight. Against Azure a read takes tens to hundreds of milliseconds:
 * at 8 in flight and 150 ms a round trip (`npm run bench -- --latency-ms 150`), the goal-size audit
 * waited 7.7 s for the last of its 1,924 publishing-credential reads after everything else was read
 * (45.2 s in all; 37.6 s at 32, against a Resource Graph quota floor of 30 s). ARM's limit is per
 * subscription (armReadPacer.ts paces each subscription to its bucket), so more reads in flight are
 * throttled no more, as long as they spread over subscriptions ({@link bySubscriptionInTurn}).
 */
export const ARM_READS_IN_FLIGHT = 32;

/** Runs `task` for every item, at most `inFlight` at once, in the items' order. */
export async function forEachBounded<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
  inFlight = ARM_READS_IN_FLIGHT,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
}

/**
 * Runs `task` for every item, at most `inFlight` at once, and gives each one's outcome as
 * `Promise.allSettled` does, in the items' order whichever finished first: a failed item is an
 * outcome of its own, never the others' failure.
 */
export async function allSettledBounded<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  inFlight = ARM_READS_IN_FLIGHT,
): Promise<PromiseSettledResult<R>[]> {
  const outcomes = new Array<PromiseSettledResult<R>>(items.length);
  await forEachBounded(
    [...items.keys()],
    async (i) => {
      outcomes[i] = await Promise.resolve(items[i]!)
        .then(task)
        .then(
          (value): PromiseFulfilledResult<R> => ({ status: 'fulfilled', value }),
          (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
        );
    },
    inFlight,
  );
  return outcomes;
}

/**
 * The items reordered so that consecutive ones belong to different subscriptions where possible
 * (the first of each subscription, then the second of each, ...): reads in that order wait for one
 * subscription's read bucket only once every other subscription is done, instead of all of them
 * queueing behind the largest subscription while the others have tokens to spare. Linear; ids that
 * name no subscription keep a group of their own.
 */
export function bySubscriptionInTurn<T>(items: readonly T[], resourceIdOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = subscriptionOf(resourceIdOf(item)) ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(item);
  }
  const out: T[] = [];
  // Each round takes one item of every subscription that has one left and drops those that have
  // none: the rounds cost as many steps as there are items, however uneven the subscriptions.
  let lists = [...groups.values()];
  for (let round = 0; lists.length; round++) {
    for (const list of lists) out.push(list[round]!);
    lists = lists.filter((list) => list.length > round + 1);
  }
  return out;
}
