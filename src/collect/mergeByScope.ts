import type { Collected, SourceError, SourceName } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { managementGroupScope } from '../azure/scopes.js';

/**
 * Lists read per subscription and per management group as one: merged by id in the subscriptions'
 * order, then the groups', whichever finished first (the same tenant reads the same), each failed
 * list an error at its scope unless `noOutage` says its failure means nothing to read.
 */
export function mergeByScope<T extends { id: string }>(
  source: SourceName,
  subscriptions: readonly string[],
  bySubscription: readonly PromiseSettledResult<T[]>[],
  managementGroups: readonly string[],
  byGroup: readonly PromiseSettledResult<T[]>[],
  noOutage: (reason: unknown) => boolean = () => false,
): Collected<T> {
  const byId = new Map<string, T>();
  const errors: SourceError[] = [];
  const merge = (outcomes: readonly PromiseSettledResult<T[]>[], scopeOf: (i: number) => string) =>
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') for (const x of o.value) byId.set(x.id.toLowerCase(), x);
      else if (!noOutage(o.reason)) errors.push(toSourceError(source, scopeOf(i), o.reason));
    });
  merge(bySubscription, (i) => `/subscriptions/${subscriptions[i]}`);
  merge(byGroup, (i) => managementGroupScope(managementGroups[i]!));
  return { items: [...byId.values()], errors };
}
