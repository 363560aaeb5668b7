import { describe, expect, it } from 'vitest';

import type { IdentityInventory } from '../../src/collect/snapshot.js';
import { identityAdoption } from '../../src/report/identityAdoption.js';
import { resource, SUB } from '../checks/snapshotBuilder.js';

const VMSS = 'microsoft.compute/virtualmachinescalesets';
const nodeGroup = `/subscriptions/${SUB}/resourcegroups/mc_rg_aks_westeurope`;

function inventory(resources: number, withIdentity: number): IdentityInventory {
  return {
    attachedUserAssigned: [],
    coverageByType: [{ type: VMSS, resources, withIdentity }],
    coverageBySubscription: [{ subscriptionId: SUB, resources, withIdentity }],
    managedResourceGroups: [{ id: nodeGroup, managedBy: '/subscriptions/x/aks' }],
    errors: [],
  };
}

/** A scale set without identity in the AKS node group: mi-resource-without-identity leaves it out. */
const nodePool = resource('Microsoft.Compute/virtualMachineScaleSets', {
  id: `${nodeGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1`,
  resourceGroup: 'MC_rg_aks_westeurope',
});
const plain = resource('Microsoft.Compute/virtualMachineScaleSets');

describe('identityAdoption', () => {
  it('leaves out of the counts what the check leaves out, per type and per subscription', () => {
    const adoption = identityAdoption(inventory(3, 1), [nodePool, plain]);
    expect(adoption.byType).toEqual([expect.objectContaining({ type: VMSS, resources: 2, withIdentity: 1 })]);
    expect(adoption.bySubscription).toEqual([{ subscriptionId: SUB, resources: 2, withIdentity: 1 }]);
    expect(adoption).toMatchObject({ resources: 2, withIdentity: 1 });
  });

  it('never counts fewer resources than have an identity when the counts and rows disagree', () => {
    const adoption = identityAdoption(inventory(1, 1), [nodePool]);
    expect(adoption).toMatchObject({ resources: 1, withIdentity: 1 });
    expect(adoption.bySubscription).toEqual([{ subscriptionId: SUB, resources: 1, withIdentity: 1 }]);
  });
});
