import { describe, expect, it } from 'vitest';

import { unattachedIdentities } from '../../src/collect/listFederatedCredentials.js';
import type { ResourceRow } from '../../src/collect/snapshot.js';

const RG = '/subscriptions/5a000000-0000-4000-8000-000000000002/resourceGroups/rg-identity';
const uami = (name: string): ResourceRow => ({
  id: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  name,
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  subscriptionId: '5a000000-0000-4000-8000-000000000002',
});

describe('unattachedIdentities', () => {
  it('names only the identities nothing lists, so only their federated credentials are read', () => {
    const rows: ResourceRow[] = [
      uami('id-payments'),
      uami('id-agw-tls-certs'),
      uami('id-github-deploy'),
      uami('id-spare'),
      uami('id-policy-remediation'),
      {
        id: '/subscriptions/5a000000-0000-4000-8000-000000000002/resourceGroups/rg-orders/providers/Microsoft.Web/sites/app-orders',
        name: 'app-orders',
        type: 'Microsoft.Web/sites',
        subscriptionId: '5a000000-0000-4000-8000-000000000002',
        // The row's own identity, its key cased as ARM may return it.
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: {
            [`${RG.toUpperCase()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ID-PAYMENTS`]:
              {},
          },
        },
      },
    ];
    // An Application Gateway's reference, from Resource Graph's attachment query (lower-cased).
    const referenced = [
      `${RG}/providers/microsoft.managedidentity/userassignedidentities/id-agw-tls-certs`.toLowerCase(),
    ];
    // A policy assignment at a management group that runs as an identity (ARM's policy lists).
    const policies = [
      {
        id: '/providers/Microsoft.Management/managementGroups/landing-zones/providers/Microsoft.Authorization/policyAssignments/deploy-diag',
        identityIds: [
          `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-policy-remediation`.toLowerCase(),
        ],
      },
    ];
    expect(unattachedIdentities(rows, referenced, policies)).toEqual([
      uami('id-github-deploy').id,
      uami('id-spare').id,
    ]);
  });

  it('names every identity when nothing is attached, and none when there are no identities', () => {
    expect(unattachedIdentities([uami('a'), uami('b')], [], [])).toEqual([uami('a').id, uami('b').id]);
    expect(unattachedIdentities([], ['/x'], [])).toEqual([]);
  });
});
