import { describe, expect, it } from 'vitest';

import { CHECKS } from '../../src/checks/registry.js';
import type {
  AuditSnapshot,
  DirectoryPrincipal,
  RoleAssignment,
  SubscriptionInfo,
} from '../../src/collect/snapshot.js';
import { evaluateChecks } from '../../src/pipeline/evaluateChecks.js';
import { context, emptySnapshot, ROLE, TENANT } from '../checks/snapshotBuilder.js';

const SUBSCRIPTIONS = 2_000;
const ASSIGNMENTS = 200_000;
const PRINCIPALS = 20_000;

const guid = (prefix: string, n: number) =>
  `${prefix}${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`.slice(-36);

/**
 * Wraps an array so that every property read (each element of an iteration, filter, map or spread,
 * and the `length` reads between them) is counted: the count is how much work the checks did over
 * it, whatever the machine's speed.
 */
function counted<T>(items: T[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, key) {
      reads++;
      return Reflect.get(target, key) as unknown;
    },
  });
  return { items: proxy, reads: () => reads };
}

/**
 * A large tenant: 2,000 subscriptions under 20 management groups and 200,000 role assignments of
 * 20,000 principals (a tenth of them deleted from the directory). Each subscription has four
 * Owners of its own and inherits one from its management group; everything else is Reader at
 * resource-group scope, as in most tenants.
 */
function largeTenant() {
  const subscriptions: SubscriptionInfo[] = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
    subscriptionId: guid('5', i),
    displayName: `sub-${i}`,
    state: 'Enabled',
    managementGroupAncestors: [`mg-${i % 20}`, TENANT],
    read: true,
  }));
  const assignments: RoleAssignment[] = [];
  const grant = (scope: string, role: string) => {
    const n = assignments.length;
    assignments.push({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${guid('a', n)}`,
      name: guid('a', n),
      scope,
      roleDefinitionGuid: role,
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId: guid('b', n % PRINCIPALS),
      principalType: n % 3 === 0 ? 'ServicePrincipal' : 'User',
    });
  };
  for (let g = 0; g < 20; g++) grant(`/providers/Microsoft.Management/managementGroups/mg-${g}`, ROLE.owner);
  for (const s of subscriptions)
    for (let k = 0; k < 4; k++) grant(`/subscriptions/${s.subscriptionId}`, ROLE.owner);
  while (assignments.length < ASSIGNMENTS) {
    const n = assignments.length;
    grant(
      `/subscriptions/${subscriptions[n % SUBSCRIPTIONS]!.subscriptionId}/resourceGroups/rg-${n % 7}`,
      ROLE.reader,
    );
  }
  const principals: Record<string, DirectoryPrincipal> = {};
  const lookedUp: string[] = [];
  for (let p = 0; p < PRINCIPALS; p++) {
    const id = guid('b', p);
    lookedUp.push(id);
    if (p % 10 === 9) continue; // deleted: looked up and absent
    principals[id] =
      p % 3 === 0
        ? { id, kind: 'servicePrincipal', displayName: `sp-${p}`, servicePrincipalType: 'ManagedIdentity' }
        : { id, kind: 'user', displayName: `user-${p}`, userType: 'Member' };
  }
  return { subscriptions, assignments, principals, lookedUp };
}

describe('evaluation of a tenant of 2,000 subscriptions and 200,000 role assignments', () => {
  it('reads each assignment, subscription and directory id a bounded number of times (linear, not subscriptions × assignments)', () => {
    const tenant = largeTenant();
    const assignments = counted(tenant.assignments);
    const subscriptions = counted(tenant.subscriptions);
    const lookedUp = counted(tenant.lookedUp);
    const base = emptySnapshot();
    const snapshot: AuditSnapshot = {
      ...base,
      subscriptions: { items: subscriptions.items, errors: [] },
      roleAssignments: { items: assignments.items, errors: [] },
      directory: { principals: tenant.principals, lookedUp: lookedUp.items, errors: [] },
    };

    const outcomes = evaluateChecks(CHECKS, snapshot, context);

    // Every check ran, and the planted problems were found at this size.
    expect(outcomes.filter((o) => o.status === 'error')).toEqual([]);
    const byId = new Map(outcomes.map((o) => [o.metadata.id, o]));
    // Every subscription has five Owners (four of its own, one inherited): more than 3.
    expect(byId.get('rbac-too-many-owners')!.findings).toHaveLength(SUBSCRIPTIONS);
    // A tenth of the principals are deleted: their assignments are orphaned.
    expect(byId.get('rbac-orphaned-assignment')!.findings).toHaveLength(ASSIGNMENTS / 10);

    // A quadratic pass would read 2,000 × 200,000 = 400,000,000 elements; the checks together read
    // each assignment (and the length between) a few dozen times at most (once per check, plus the shared indices).
    expect(assignments.reads()).toBeLessThan(40 * ASSIGNMENTS);
    expect(subscriptions.reads()).toBeLessThan(40 * SUBSCRIPTIONS);
    // The directory's looked-up ids are indexed once, not searched per assignment.
    expect(lookedUp.reads()).toBeLessThan(5 * PRINCIPALS);
  }, 120_000);
});
