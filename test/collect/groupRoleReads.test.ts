import { describe, expect, it } from 'vitest';

import { planGroupRoleReads } from '../../src/collect/groupRoleReads.js';
import type { SourceError } from '../../src/collect/snapshot.js';

// A subscription's role assignments are read at, above and below it (ARM's list for a subscription
// without atScope(); Resource Graph's AtScopeAboveAndBelow), so a group's grants come with every
// subscription below it; a group's own atScope() list is a tenant read (ARM's tenant bucket).
const ROOT = '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const S1 = '5a000000-0000-4000-8000-000000000001';
const S2 = '5a000000-0000-4000-8000-000000000002';
const groups = [ROOT, 'Platform', 'landing-zones', 'corp', 'sandbox', 'decommissioned'];
const readable = [
  { subscriptionId: S1, managementGroupAncestors: ['platform', ROOT] },
  { subscriptionId: S2.toUpperCase(), managementGroupAncestors: ['corp', 'landing-zones', ROOT] },
];
const failedAt = (scope: string): SourceError => ({ source: 'roleAssignments', scope, message: 'refused' });

describe('planGroupRoleReads', () => {
  it('lists directly only the root group and the groups with no readable subscription below', () => {
    const plan = planGroupRoleReads(groups, readable, ROOT);
    expect(plan.direct).toEqual([ROOT, 'sandbox', 'decommissioned']);
    expect(plan.afterFailures([])).toEqual([]);
  });

  it('lists a group once every subscription below it failed, whatever the casing', () => {
    const plan = planGroupRoleReads(groups, readable, ROOT);
    expect(plan.afterFailures([failedAt(`/subscriptions/${S2}`)])).toEqual(['landing-zones', 'corp']);
    expect(plan.afterFailures([failedAt(`/subscriptions/${S1.toUpperCase()}`)])).toEqual(['Platform']);
  });

  it('names a readable subscription below a group, the first in order, and none below an empty one', () => {
    const plan = planGroupRoleReads(groups, readable, ROOT);
    expect(plan.subscriptionBelow('Platform')).toBe(S1);
    expect(plan.subscriptionBelow('landing-zones')).toBe(S2);
    expect(plan.subscriptionBelow(ROOT)).toBe(S1);
    expect(plan.subscriptionBelow('sandbox')).toBeUndefined();
  });

  it('does not list a group that another readable subscription below it covers', () => {
    const twoBelow = [...readable, { subscriptionId: 's3', managementGroupAncestors: ['platform', ROOT] }];
    const plan = planGroupRoleReads(groups, twoBelow, ROOT);
    expect(plan.afterFailures([failedAt(`/subscriptions/${S1}`)])).toEqual([]);
  });

  it('reads an error below a subscription (a resource group) as no failure of its list', () => {
    const plan = planGroupRoleReads(groups, readable, ROOT);
    expect(plan.afterFailures([failedAt(`/subscriptions/${S1}/resourceGroups/rg`)])).toEqual([]);
  });
});
