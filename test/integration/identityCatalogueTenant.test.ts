import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EXCLUSION } from '../../src/checks/mi-resource-without-identity/exclusions.js';
import { MANAGED_IDENTITY_TYPES, type ManagedIdentityType } from '../../src/azure/managedIdentityTypes.js';
import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { CLEAN_TENANT, readFixture } from '../support/testEmulator.js';

/**
 * The clean tenant plus one resource of every Resource Graph type of the catalogue without an
 * identity and one with, and the cases that must not be findings: free-tier Search, a scale set in
 * an AKS-managed node group, Functions on Container Apps, types whose identity is not evaluated.
 * Identities attached only to a type outside the catalogue or to a Batch pool are in use.
 */
const base = readFixture(CLEAN_TENANT);
const tenantId = String(base['tenantId']);
const sub = String(base['subscriptions'][0].subscriptionId);
const rg = `/subscriptions/${sub}/resourceGroups/rg-catalogue`;

function idFor(armType: string, name: string): string {
  const [namespace, ...segments] = armType.split('/');
  const path = segments.map((s, i) =>
    i === segments.length - 1 ? `${s}/${name}` : `${s}/${name}-parent${i}`,
  );
  return `${rg}/providers/${namespace}/${path.join('/')}`;
}

function resource(
  armType: string,
  name: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: idFor(armType, name),
    name,
    type: armType.toLowerCase(),
    tenantId,
    kind: '',
    location: 'northeurope',
    resourceGroup: 'rg-catalogue',
    subscriptionId: sub,
    managedBy: '',
    sku: { name: 'standard', tier: 'Standard' },
    properties: {},
    tags: {},
    identity: null,
    ...extra,
  };
}

let uaiCount = 0;
const identities: Record<string, unknown>[] = [];
function userAssigned(name: string): string {
  uaiCount++;
  const id = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  identities.push(
    resource('Microsoft.ManagedIdentity/userAssignedIdentities', name, {
      id,
      sku: null,
      properties: {
        principalId: `e1000000-0000-4000-8000-${String(uaiCount).padStart(12, '0')}`,
        clientId: `e2000000-0000-4000-8000-${String(uaiCount).padStart(12, '0')}`,
      },
    }),
  );
  return id;
}

const inResourceGraph = MANAGED_IDENTITY_TYPES.filter((t) => t.resourceGraphTable !== null);
const evaluatedTypes = inResourceGraph.filter((t) => t.purpose !== 'notEvaluated');
const short = (t: ManagedIdentityType) => t.type.replace(/[^a-z0-9]/g, '').slice(-40);

const resources: Record<string, unknown>[] = [];
for (const t of inResourceGraph) {
  resources.push(resource(t.armType, `without-${short(t)}`));
  const identity = t.systemAssigned
    ? { type: 'SystemAssigned', principalId: 'e3000000-0000-4000-8000-000000000001' }
    : { type: 'UserAssigned', userAssignedIdentities: { [userAssigned(`uai-${short(t)}`)]: {} } };
  resources.push(resource(t.armType, `with-${short(t)}`, { identity }));
}

const clusterId = idFor(
  'Microsoft.ContainerService/managedClusters',
  'without-' +
    short(MANAGED_IDENTITY_TYPES.find((t) => t.type === 'microsoft.containerservice/managedclusters')!),
);
const nodeGroup = `/subscriptions/${sub}/resourceGroups/MC_rg-catalogue_aks_northeurope`;
const notFindings = [
  resource('Microsoft.Search/searchServices', 'search-free', { sku: { name: 'free' } }),
  resource('Microsoft.Compute/virtualMachineScaleSets', 'aks-nodepool1-vmss', {
    id: `${nodeGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-vmss`,
    resourceGroup: 'MC_rg-catalogue_aks_northeurope',
  }),
  resource('Microsoft.Web/sites', 'func-on-aca', { kind: 'functionapp,linux,container,azurecontainerapps' }),
  // Uses an identity, outside the catalogue: the identity is attached, not unused.
  resource('Microsoft.Insights/scheduledQueryRules', 'alert-rule', {
    sku: null,
    identity: { type: 'UserAssigned', userAssignedIdentities: { [userAssigned('id-alert-rule')]: {} } },
  }),
];

const fixture = {
  ...base,
  resources: [...(base['resources'] as unknown[]), ...resources, ...notFindings, ...identities],
  resourceContainers: [
    {
      id: nodeGroup,
      name: 'MC_rg-catalogue_aks_northeurope',
      type: 'microsoft.resources/subscriptions/resourcegroups',
      tenantId,
      subscriptionId: sub,
      resourceGroup: 'MC_rg-catalogue_aks_northeurope',
      location: 'northeurope',
      managedBy: clusterId,
      properties: { provisioningState: 'Succeeded' },
    },
  ],
};

describe('a tenant with one resource of every catalogue type, with and without identity', () => {
  let stack: MemoryAudit;
  let result: AuditResult;
  beforeAll(async () => {
    stack = await startMemoryAudit(fixture);
    result = await runTimer();
  }, 120_000);
  afterAll(() => stack?.stop()); // undefined when the start failed: its own error is the one to see

  const findingsOf = (checkId: string) => result.report.findings.filter((f) => f.checkId === checkId);

  it('gives exactly one finding per evaluated type without identity, and none for the rest', () => {
    const byType = new Map<string, number>();
    for (const f of findingsOf('mi-resource-without-identity')) {
      const type = String(f.evidence['type']).toLowerCase();
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    expect([...byType.keys()].sort()).toEqual(evaluatedTypes.map((t) => t.type).sort());
    expect([...byType.values()].every((n) => n === 1)).toBe(true);
    expect(findingsOf('mi-resource-without-identity').every((f) => f.resourceId.includes('/without-'))).toBe(
      true,
    );
    expect(result.report.status).toBe('complete');
  });

  it('counts what it leaves out, by reason', () => {
    const check = result.report.checks.find((c) => c.id === 'mi-resource-without-identity')!;
    expect(check.notEvaluated).toEqual(
      expect.arrayContaining([
        { reason: EXCLUSION.managedResourceGroup, count: 1 },
        { reason: EXCLUSION.skuWithoutIdentity, count: 1 },
        { reason: EXCLUSION.functionsOnContainerApps, count: 1 },
      ]),
    );
    expect(check.notEvaluated).toHaveLength(3);
  });

  it('reads Batch pools from batchresources and reports the one without identity as code-running', () => {
    const pool = findingsOf('mi-resource-without-identity').find(
      (f) => f.evidence['type'] === 'microsoft.batch/batchaccounts/pools',
    );
    expect(pool?.severity).toBe('high');
    expect(pool?.remediation.cli).toContain(
      `--ids '${idFor('Microsoft.Batch/batchAccounts/pools', pool!.resourceId.replace(/^.*\//, ''))}'`,
    );
  });

  it('never calls an identity unused when anything lists it, Batch pools and types outside the catalogue included', () => {
    expect(findingsOf('mi-user-assigned-unused')).toEqual([]);
  });

  it('reports the adoption rate per type and subscription', () => {
    const adoption = result.report.coverage.managedIdentityAdoption!;
    expect(adoption.complete).toBe(true);
    const pools = adoption.byType.find((t) => t.type === 'microsoft.batch/batchaccounts/pools');
    expect(pools).toMatchObject({ resources: 2, withIdentity: 1 });
    const sites = adoption.byType.find((t) => t.type === 'microsoft.web/sites');
    // Without identity: the plain one only. The Function app on Container Apps, like the free-tier
    // Search and the scale set in the AKS node group, is left out of the figure as it is of the
    // findings: it once counted as a resource that could have an identity and had none.
    expect(sites!.resources - sites!.withIdentity).toBe(1);
    expect(adoption.byType.map((t) => t.type).sort()).toEqual(evaluatedTypes.map((t) => t.type).sort());
    const findingsByType = new Map<string, number>();
    for (const f of findingsOf('mi-resource-without-identity')) {
      const type = String(f.evidence['type']);
      findingsByType.set(type, (findingsByType.get(type) ?? 0) + 1);
    }
    for (const t of adoption.byType)
      expect([t.type, t.resources - t.withIdentity]).toEqual([t.type, findingsByType.get(t.type) ?? 0]);
    const [only] = adoption.bySubscription;
    expect(only!.resources - only!.withIdentity).toBe(findingsOf('mi-resource-without-identity').length);
    expect(adoption.bySubscription.map((s) => s.subscriptionId)).toEqual([sub]);
  });
});
