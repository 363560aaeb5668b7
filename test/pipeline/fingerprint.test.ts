import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { fingerprint } from '../../src/pipeline/fingerprint.js';

const site =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Web/sites/web-1';
const assignment =
  '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleAssignments/ad000000-0000-4000-8000-000000000001';

describe('fingerprint', () => {
  it('gives the ids earlier versions gave, so a deployment keeps its history across an upgrade', () => {
    // Computed with the first implementation: createHash('sha256').update(key).digest('hex').slice(0, 32).
    expect(fingerprint({ checkId: 'mi-resource-without-identity', resourceId: site })).toBe(
      '6d3f267da862b8aeb93ec4a08f8fdc3b',
    );
    expect(
      fingerprint({
        checkId: 'rbac-privileged-role-broad-scope',
        resourceId: assignment,
        principalId: 'B9000000-0000-4000-8000-000000000005',
        discriminator: 'Owner',
      }),
    ).toBe('cbc3f7ea540dc75be0158aeb9be5c469');
  });

  it('is the first 32 hex digits of SHA-256 over check, resource, principal and discriminator', () => {
    const key = `c1|${site.toLowerCase()}|p1|d1`;
    const expected = createHash('sha256').update(key).digest('hex').slice(0, 32);
    expect(fingerprint({ checkId: 'c1', resourceId: site, principalId: 'P1', discriminator: 'D1' })).toBe(
      expected,
    );
  });

  it('ignores the casing Azure returns ids in and trailing slashes', () => {
    const a = fingerprint({ checkId: 'c1', resourceId: site });
    expect(fingerprint({ checkId: 'c1', resourceId: `${site.toUpperCase()}//` })).toBe(a);
    expect(fingerprint({ checkId: 'c2', resourceId: site })).not.toBe(a);
  });
});
