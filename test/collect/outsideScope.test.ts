import { describe, expect, it } from 'vitest';

import { planGroupRoleReads } from '../../src/collect/groupRoleReads.js';
import { outsideScope } from '../../src/collect/outsideScope.js';
import type { SubscriptionInfo } from '../../src/collect/snapshot.js';

const ROOT = 'tenant-root';
const sub = (id: string, ...ancestors: string[]): SubscriptionInfo => ({
  subscriptionId: id,
  displayName: id,
  state: 'Enabled',
  managementGroupAncestors: [...ancestors, ROOT],
  read: true,
});
const platform = sub('s-platform', 'platform');
const prod = sub('s-prod', 'landing-zones');
const dev = sub('s-dev', 'sandbox', 'landing-zones');
const GROUPS = [ROOT, 'platform', 'landing-zones', 'sandbox', 'decommissioned'];

describe('outsideScope', () => {
  it('is empty for an unscoped run', () => {
    const all = [platform, prod, dev];
    const read = planGroupRoleReads(GROUPS, all, ROOT).direct;
    expect(outsideScope({ items: all, errors: [], notAskedFor: [] }, all, GROUPS, read, ROOT)).toEqual({
      subscriptions: [],
      managementGroups: [],
    });
  });

  it('holds the subscriptions not asked for, and no group a subscription list reaches', () => {
    // AUDIT_SUBSCRIPTIONS=s-prod: every group is planned, so only the groups already read are left out.
    const read = planGroupRoleReads(GROUPS, [prod], ROOT).direct;
    expect(
      outsideScope({ items: [prod], errors: [], notAskedFor: [platform, dev] }, [prod], GROUPS, read, ROOT),
    ).toEqual({ subscriptions: ['s-platform', 's-dev'], managementGroups: [] });
  });

  it('holds, for a management-group scope, the root group and the groups outside it with no readable subscription below', () => {
    // AUDIT_MANAGEMENT_GROUPS=landing-zones: the root and decommissioned are not read by the run.
    const inScope = [prod, dev];
    const read = planGroupRoleReads(['landing-zones'], inScope, ROOT).direct;
    expect(
      outsideScope(
        { items: [platform, prod, dev], errors: [], notAskedFor: [] },
        inScope,
        GROUPS,
        read,
        ROOT,
      ),
    ).toEqual({ subscriptions: ['s-platform'], managementGroups: [ROOT, 'decommissioned'] });
  });
});
