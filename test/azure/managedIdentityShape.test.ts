import { describe, expect, it } from 'vitest';

import { hasManagedIdentity, managedIdentityShape } from '../../src/azure/managedIdentityShape.js';

const UAI =
  '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1';

describe('managedIdentityShape', () => {
  it.each([
    ['missing', undefined, false],
    ['null', null, false],
    ['an empty object', {}, false],
    ['type None', { type: 'None' }, false],
    [
      'an always-truthy object with a null type (Prowler app_register_with_identity)',
      { type: null, principalId: null, tenantId: null },
      false,
    ],
    ['UserAssigned with no identities attached', { type: 'UserAssigned', userAssignedIdentities: {} }, false],
    ['SystemAssigned', { type: 'SystemAssigned', principalId: 'p' }, true],
    ['lower-case systemassigned', { type: 'systemassigned' }, true],
    ['UserAssigned with one identity', { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } }, true],
    [
      '"SystemAssigned, UserAssigned" (with a space)',
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [UAI]: {} } },
      true,
    ],
    ['"SystemAssigned,UserAssigned" (without a space)', { type: 'SystemAssigned,UserAssigned' }, true],
    ['a string instead of an object', 'SystemAssigned', false],
  ])('reads identity %s', (_label, identity, expected) => {
    expect(hasManagedIdentity(identity)).toBe(expected);
  });

  it('lists attached user-assigned identities in either property casing', () => {
    expect(
      managedIdentityShape({ Type: 'UserAssigned', UserAssignedIdentities: { [UAI]: {} } }).userAssigned,
    ).toEqual([UAI]);
  });
});
